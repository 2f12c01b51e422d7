using System.Text.RegularExpressions;
using ConvoMono.E2E.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConvoMono.E2E;

public sealed partial class PhoneNumberFlowTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string OwnerPassword = "Owner-Passw0rd!";

    [GeneratedRegex(@"\+\d{11}")]
    private static partial Regex E164();

    private async Task<IPage> AdminAsync()
    {
        var page = await app.NewPageAsync();
        await page.SignInAsync(BrowserApp.AdminEmail, BrowserApp.AdminPassword);
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/admin");
        await page.WaitForInteractiveAsync();
        return page;
    }

    private static async Task<string> CreateClientAsync(IPage admin, string name)
    {
        var ownerEmail = $"owner-{Guid.NewGuid():N}@e2e.local";
        await admin.GotoAsync("/admin/clients");
        await admin.WaitForInteractiveAsync();
        await admin.ClickAsync("#new-client");
        await admin.Locator("#client-name").FillAsync(name);
        await admin.Locator("#owner-email").FillAsync(ownerEmail);
        await admin.Locator("#owner-password").FillAsync(OwnerPassword);
        await admin.ClickAsync("#create-client");
        await Expect(admin.Locator("#client-title")).ToHaveTextAsync(name);
        return ownerEmail;
    }

    [Fact]
    public async Task Admin_buys_a_Twilio_number_in_the_buy_dialog_assigns_it_and_the_client_sees_it()
    {
        var admin = await AdminAsync();
        var clientName = "Dial Co " + Guid.NewGuid().ToString("N")[..6];
        var ownerEmail = await CreateClientAsync(admin, clientName);

        // The client has no number yet: the empty state says who assigns them.
        var owner = await app.NewPageAsync();
        await owner.SignInAsync(ownerEmail, OwnerPassword);
        await Expect(owner).ToHaveURLAsync(app.BaseUrl + "/app");
        await owner.GetByRole(AriaRole.Link, new() { Name = "Phone numbers" }).ClickAsync();
        await Expect(owner.Locator("#client-numbers-empty")).ToContainTextAsync("account manager assigns");
        await owner.ShotAsync("client-phone-numbers-empty");

        await admin.GetByRole(AriaRole.Link, new() { Name = "Phone numbers" }).ClickAsync();
        await Expect(admin).ToHaveURLAsync(app.BaseUrl + "/admin/phone-numbers");
        await admin.WaitForInteractiveAsync();
        await Expect(admin.Locator("#numbers-empty")).ToBeVisibleAsync();
        await admin.ShotAsync("admin-phone-numbers-empty");

        await admin.ClickAsync("#buy-number");
        await admin.Locator("div.mud-select:has(#buy-provider)").First.ClickAsync();
        await admin.Locator(".mud-popover-open .mud-list-item:has-text('Twilio')").ClickAsync();
        await admin.Locator("#buy-area-code").FillAsync("415");
        await admin.ClickAsync("#buy-search");
        var second = admin.Locator("#available-numbers label").Nth(1);
        await Expect(second).ToContainTextAsync("+1415");
        var number = E164().Match((await second.TextContentAsync())!).Value;
        await second.ClickAsync();
        await admin.ShotAsync("admin-buy-number-dialog");
        await admin.ClickAsync("#buy-submit");

        var row = admin.Locator("#numbers-table tr", new() { HasText = number });
        await Expect(row).ToContainTextAsync("Twilio (SIP)");
        await Expect(row).ToContainTextAsync("Available");
        await Expect(row).ToContainTextAsync("1.15 USD");

        await row.GetByRole(AriaRole.Button, new() { Name = "Assign" }).ClickAsync();
        await admin.Locator("div.mud-select:has(#assign-client)").First.ClickAsync();
        await admin.Locator($".mud-popover-open .mud-list-item:has-text('{clientName}')").ClickAsync();
        await admin.ShotAsync("admin-assign-number-dialog");
        await admin.ClickAsync("#assign-submit");
        await Expect(row).ToContainTextAsync("Assigned");
        await Expect(row).ToContainTextAsync(clientName);
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Release" })).ToBeVisibleAsync();
        await admin.ShotAsync("admin-phone-numbers");

        await owner.ReloadAsync();
        await Expect(owner.Locator("#client-numbers-table")).ToContainTextAsync(number);
        await owner.ShotAsync("client-phone-numbers");

        // Releasing asks first, then the number is back in the pool and gone from the client's list.
        await row.GetByRole(AriaRole.Button, new() { Name = "Release" }).ClickAsync();
        await admin.Locator(".mud-dialog button:has-text('Release')").ClickAsync();
        await Expect(row).ToContainTextAsync("Available");
        await owner.ReloadAsync();
        await Expect(owner.Locator("#client-numbers-empty")).ToBeVisibleAsync();
    }
}

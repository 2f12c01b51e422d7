using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ConvoMono.E2E.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConvoMono.E2E;

public sealed class DoNotCallFlowTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_client_adds_uploads_and_removes_numbers_on_its_do_not_call_list()
    {
        var page = await app.NewPageAsync();
        await page.SignInAsync(await app.NewClientOwnerAsync("Quiet Co"), BrowserApp.OwnerPassword);
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/app");
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Do not call" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/app/do-not-call");
        await Expect(page.Locator("#dnc-empty")).ToContainTextAsync("No numbers on this list");
        await page.ShotAsync("client-dnc-empty");

        await page.Locator("#dnc-phone").FillAsync("(415) 555-2671");
        await page.Locator("#dnc-reason").FillAsync("Asked on the phone");
        await page.ClickAsync("#dnc-add");
        await Expect(page.Locator("#dnc-table")).ToContainTextAsync("+14155552671");
        await Expect(page.Locator("#dnc-table")).ToContainTextAsync("Asked on the phone");

        await page.Locator("#dnc-phone").FillAsync("12");
        await page.ClickAsync("#dnc-add");
        await Expect(page.GetByText("\"12\" is not a valid number")).ToBeVisibleAsync();
        await page.ShotAsync("client-dnc-invalid");

        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "opt-outs.csv", MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes("name,phone\nAda,+1 212 555 0143\nBob,(415) 555-2671\nEve,not a number\n"),
        });
        await Expect(page.Locator("#dnc-report")).ToContainTextAsync("1 added, 1 already listed, 0 repeated in the file, 1 not valid");
        await Expect(page.Locator("#dnc-report")).ToContainTextAsync("not a number");
        await Expect(page.Locator("#dnc-table tbody tr")).ToHaveCountAsync(2);
        await page.ShotAsync("client-dnc-list");

        await page.Locator("#dnc-search").FillAsync("212 555");
        await Expect(page.Locator("#dnc-table tbody tr")).ToHaveCountAsync(1);
        await page.Locator("#dnc-search").FillAsync("");
        await Expect(page.Locator("#dnc-table tbody tr")).ToHaveCountAsync(2);

        await page.Locator("#dnc-table tr:has-text('+14155552671') button:has-text('Remove')").ClickAsync();
        await page.ShotAsync("client-dnc-remove-confirm");
        await page.Locator(".mud-dialog button:has-text('Remove')").ClickAsync();
        await Expect(page.Locator("#dnc-table tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#dnc-table")).Not.ToContainTextAsync("+14155552671");
    }

    [Fact]
    public async Task The_admin_adds_a_number_to_the_platform_list()
    {
        var page = await app.NewPageAsync();
        await page.SignInAsync(BrowserApp.AdminEmail, BrowserApp.AdminPassword);
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/admin");
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Do not call" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/admin/do-not-call");
        await page.WaitForInteractiveAsync();

        await page.Locator("#dnc-phone").FillAsync("020 7946 0958");
        await page.Locator("#dnc-country").FillAsync("GB");
        await page.Locator("#dnc-reason").FillAsync("Regulator complaint");
        await page.ClickAsync("#dnc-add");
        await Expect(page.Locator("#dnc-table")).ToContainTextAsync("+442079460958");
        await Expect(page.Locator("#dnc-table")).ToContainTextAsync("Regulator complaint");
        await page.ShotAsync("admin-platform-dnc");
    }
}

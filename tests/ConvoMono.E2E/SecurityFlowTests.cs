using System.Net.Http.Json;
using System.Text.Json;
using ConvoMono.E2E.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConvoMono.E2E;

/// <summary>Script in what clients and admins type (names, prompts) is shown as text in every page that shows it, never run.</summary>
public sealed class SecurityFlowTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Script = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script>";

    [Fact]
    public async Task Script_in_client_and_campaign_names_and_prompts_is_shown_as_text_and_never_runs()
    {
        var ownerEmail = await app.NewClientOwnerAsync("Evil " + Script);
        using var owner = await app.ApiAsync(ownerEmail, BrowserApp.OwnerPassword);
        var campaign = await (await owner.PostAsJsonAsync("/api/v1/campaigns", new Dictionary<string, object>
        {
            ["name"] = "Camp " + Script, ["general_prompt"] = "Say hello. " + Script,
        })).Content.ReadFromJsonAsync<JsonElement>();
        var campaignId = campaign.GetProperty("id").GetGuid();

        var dialogs = new List<string>();
        var page = await app.NewPageAsync();
        page.Dialog += (_, dialog) => { dialogs.Add(dialog.Message); _ = dialog.DismissAsync(); };
        await page.SignInAsync(ownerEmail, BrowserApp.OwnerPassword);
        await page.WaitForInteractiveAsync();
        await page.GotoAsync("/app/campaigns");
        await page.WaitForInteractiveAsync();
        await Expect(page.GetByText("Camp " + Script).First).ToBeVisibleAsync();
        await page.GotoAsync($"/app/campaigns/{campaignId}");
        await page.WaitForInteractiveAsync();
        await Expect(page.Locator("body")).ToContainTextAsync("Camp <img src=x");
        await page.ShotAsync("security-script-as-text");
        await AssertNothingRanAsync(page);

        var admin = await app.NewPageAsync();
        admin.Dialog += (_, dialog) => { dialogs.Add(dialog.Message); _ = dialog.DismissAsync(); };
        await admin.SignInAsync(BrowserApp.AdminEmail, BrowserApp.AdminPassword);
        await admin.GotoAsync("/admin/clients");
        await admin.WaitForInteractiveAsync();
        await Expect(admin.GetByText("Evil " + Script).First).ToBeVisibleAsync();
        await AssertNothingRanAsync(admin);
        Assert.Empty(dialogs);
        Assert.True(app.CspViolations.IsEmpty, string.Join("\n", app.CspViolations));
    }

    [Fact]
    public async Task An_open_page_of_a_client_that_gets_suspended_signs_out_at_once_with_the_reason()
    {
        var ownerEmail = await app.NewClientOwnerAsync("Suspended Roofs");
        using var owner = await app.ApiAsync(ownerEmail, BrowserApp.OwnerPassword);
        var clientId = (await owner.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("client_id").GetString();
        var page = await app.NewPageAsync();
        await page.SignInAsync(ownerEmail, BrowserApp.OwnerPassword);
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/app");
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Campaigns", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/app/campaigns");

        using var admin = await app.ApiAsync(BrowserApp.AdminEmail, BrowserApp.AdminPassword);
        (await admin.PatchAsJsonAsync($"/api/v1/admin/clients/{clientId}", new { status = "suspended" })).EnsureSuccessStatusCode();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin\\?error=client.suspended"));
        await Expect(page.Locator("#signin-error")).ToContainTextAsync("suspended");
        await page.ShotAsync("client-suspended-signed-out");
        // Signed out for good: the portal asks for a sign-in again.
        await page.GotoAsync("/app/campaigns");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
    }

    private static async Task AssertNothingRanAsync(IPage page)
    {
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__pwned ?? null"));
        Assert.Equal(0, await page.Locator("img[src='x']").CountAsync());
        Assert.Equal(0, await page.Locator("body script:not([src])").CountAsync());
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using ConvoMono.E2E.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConvoMono.E2E;

public sealed class CampaignFlowTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_client_builds_a_campaign_in_the_editor_and_finds_it_in_the_list()
    {
        var page = await app.NewPageAsync();
        await page.SignInAsync(await app.NewClientOwnerAsync("Sunny Solar"), BrowserApp.OwnerPassword);
        await page.GotoAsync("/app/campaigns");
        await page.WaitForInteractiveAsync();
        await Expect(page.GetByText("No campaigns yet")).ToBeVisibleAsync();
        await page.ShotAsync("client-campaigns-empty");

        await page.ClickAsync("#new-campaign");
        await page.WaitForInteractiveAsync();
        await page.Locator("#campaign-name").FillAsync("Spring roof check");
        await page.Locator("#general-prompt").FillAsync("You are Sam from Sunny Solar. Offer {{first_name}} a free roof check for {{city}}.");
        await page.Locator("#begin-message").FillAsync("Hi {{first_name}}, this is Sam from Sunny Solar.");
        await page.Locator(".sample-variable input").First.FillAsync("Ada");
        await Expect(page.Locator("#begin-preview")).ToContainTextAsync("Hi Ada, this is Sam from Sunny Solar.");
        await page.ShotAsync("campaign-editor-script");

        await page.ClickAsync("#step-next");
        await page.Locator("div.mud-select:has(#voice-select)").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item:has-text('Adrian')").First.ClickAsync();
        await Expect(page.Locator("#voice-preview")).ToBeAttachedAsync();
        await page.ShotAsync("campaign-editor-voice");

        await page.ClickAsync("#step-next");
        await Expect(page.GetByText("No knowledge bases yet")).ToBeVisibleAsync();
        await page.ClickAsync("#step-next");
        await page.Locator("#max-duration").FillAsync("240");
        await page.Locator("#success-criteria").FillAsync("The person books a roof check.");
        await page.ShotAsync("campaign-editor-settings");

        await page.ClickAsync("#step-next");
        await Expect(page.Locator("#campaign-review")).ToContainTextAsync("{{first_name}}, {{city}}");
        await Expect(page.Locator("#campaign-review")).ToContainTextAsync("Adrian");
        await Expect(page.Locator("#campaign-review")).ToContainTextAsync("up to 240 s each");
        await page.ShotAsync("campaign-editor-review");
        await page.ClickAsync("#save-campaign");

        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/app/campaigns");
        var row = page.Locator("#campaigns-table tbody tr", new() { HasText = "Spring roof check" });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("Draft");
        await Expect(row).ToContainTextAsync("Synced");
        await page.ShotAsync("client-campaigns");

        // The name opens the campaign's page; Edit there reopens the saved settings.
        await row.Locator("a.campaign-name").ClickAsync();
        await page.WaitForInteractiveAsync();
        await Expect(page.Locator("#campaign-title")).ToHaveTextAsync("Spring roof check");
        await Expect(page.Locator("#campaign-summary")).ToContainTextAsync("Up to 4 min each");
        await Expect(page.Locator("#campaign-summary")).ToContainTextAsync("Adrian · American"); // the voice by name, not its id
        await page.ClickAsync("#edit-campaign");
        await page.WaitForInteractiveAsync();
        await Expect(page.Locator("#general-prompt")).ToHaveValueAsync("You are Sam from Sunny Solar. Offer {{first_name}} a free roof check for {{city}}.");
    }
}

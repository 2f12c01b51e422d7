using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ConvoMono.E2E.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConvoMono.E2E;

public sealed class LeadImportFlowTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    /// <summary>A new client whose owner has a campaign (made over the API) with <c>{{first_name}}</c> in its script.</summary>
    private async Task<(string Email, Guid CampaignId, string CampaignName)> NewClientWithCampaignAsync()
    {
        var email = await app.NewClientOwnerAsync("Lead Co");
        using var http = await app.ApiAsync(email, BrowserApp.OwnerPassword);
        var name = "Roof checks " + Guid.NewGuid().ToString("N")[..6];
        var created = await http.PostAsJsonAsync("/api/v1/campaigns", new Dictionary<string, object>
        {
            ["name"] = name, ["general_prompt"] = "You are Sam from Sunny Solar. Offer {{first_name}} a free roof check.",
        });
        created.EnsureSuccessStatusCode();
        var campaign = await created.Content.ReadFromJsonAsync<JsonElement>();
        return (email, campaign.GetProperty("id").GetGuid(), name);
    }

    [Fact]
    public async Task A_client_uploads_a_csv_checks_the_mapping_sees_the_report_and_finds_the_leads()
    {
        var (email, campaignId, campaignName) = await NewClientWithCampaignAsync();
        var page = await app.NewPageAsync();
        await page.SignInAsync(email, BrowserApp.OwnerPassword);
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/app");
        await page.GotoAsync("/app/campaigns");
        await page.WaitForInteractiveAsync();
        await page.Locator("#campaigns-table a.campaign-name", new() { HasText = campaignName }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{app.BaseUrl}/app/campaigns/{campaignId}");
        await page.WaitForInteractiveAsync();
        await Expect(page.Locator("#campaign-title")).ToHaveTextAsync(campaignName);
        await Expect(page.Locator("#campaign-variables")).ToContainTextAsync("{{first_name}}");
        await Expect(page.Locator("#leads-empty")).ToContainTextAsync("No leads yet");

        await page.ClickAsync("#import-leads");
        var dialog = page.Locator(".mud-dialog");
        var file = dialog.Locator("input[type=file]").First; // MudFileUpload renders a second input that catches drops

        // A workbook is refused before anything is uploaded, with the reason.
        // Blazor wires the file input up just after the dialog renders; a file chosen in that instant goes unseen, so the
        // choice is repeated until the dialog answers (on a loaded machine the first one can fall in that gap).
        for (var attempt = 1; ; attempt++)
        {
            await file.SetInputFilesAsync(new FilePayload { Name = "leads.xlsx", MimeType = "application/octet-stream", Buffer = [0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0] });
            try
            {
                await dialog.Locator("#import-error").WaitForAsync(new() { Timeout = 5_000 });
                break;
            }
            catch (TimeoutException) when (attempt < 3) { }
        }
        await Expect(dialog.Locator("#import-error")).ToContainTextAsync("zip file");
        await Expect(dialog.Locator("#import-submit")).ToBeDisabledAsync();

        var csv = new StringBuilder("First Name,Cell,City\n")
            .Append("Ada,(201) 555-0101,Boston\n")   // line 2 ok
            .Append("Grace,201 555 0102,Denver\n")   // 3 ok
            .Append(",201 555 0103,Austin\n")         // 4 missing_variable (first_name)
            .Append("Alan,12345,Leeds\n");            // 5 invalid_phone
        await file.SetInputFilesAsync(new FilePayload { Name = "spring-leads.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv.ToString()) });
        var preview = dialog.Locator("#lead-preview");
        await Expect(preview.Locator("tbody tr")).ToHaveCountAsync(4);
        await Expect(preview.Locator("th.phone-column")).ToContainTextAsync("Cell");
        await Expect(preview.Locator("thead")).ToContainTextAsync("{{first_name}}");
        await Expect(preview.Locator("thead")).ToContainTextAsync("{{city}}");
        await Expect(dialog.Locator("#import-error")).ToHaveCountAsync(0);
        await Expect(dialog.Locator("#phone-column")).ToHaveValueAsync("Cell");

        // The mapping can be changed, and the preview follows it.
        await dialog.Locator("div.mud-select:has(#phone-column)").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item:has-text('City')").ClickAsync();
        await Expect(preview.Locator("th.phone-column")).ToContainTextAsync("City");
        await Expect(preview.Locator("thead")).ToContainTextAsync("{{cell}}");
        await dialog.Locator("div.mud-select:has(#phone-column)").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item:has-text('Cell')").ClickAsync();
        await Expect(preview.Locator("th.phone-column")).ToContainTextAsync("Cell");
        await Expect(dialog.Locator("#default-country")).ToHaveAttributeAsync("placeholder", "US");
        await page.ShotAsync("lead-import-preview");

        await dialog.Locator("#import-submit").ClickAsync();
        var report = dialog.Locator("#import-report");
        await Expect(report.Locator("#import-summary")).ToContainTextAsync("2 imported, 2 rejected, out of 4 rows");
        await Expect(report.Locator("tr[data-reason=missing_variable]")).ToContainTextAsync("1");
        await Expect(report.Locator("tr[data-reason=missing_variable]")).ToContainTextAsync("Line 4");
        await Expect(report.Locator("tr[data-reason=invalid_phone]")).ToContainTextAsync("Line 5");
        await Expect(report.Locator(".reject-row")).ToHaveCountAsync(2);
        var download = report.Locator("#rejected-download");
        await Expect(download).ToHaveAttributeAsync("href", new Regex($"^/api/v1/campaigns/{campaignId}/leads/imports/[0-9a-f-]+/rejected\\.csv$"));
        await page.ShotAsync("lead-import-report");

        // The link works with the browser's cookie, as a plain download.
        var rejected = await page.Context.APIRequest.GetAsync((await download.GetAttributeAsync("href"))!);
        Assert.Equal(200, rejected.Status);
        var rejectedCsv = await rejected.TextAsync();
        Assert.Contains("missing_variable", rejectedCsv);
        Assert.Contains("12345", rejectedCsv);

        await dialog.Locator("#import-close").ClickAsync();
        await Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
        var rows = page.Locator("#leads-table tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(page.Locator("#leads-table")).ToContainTextAsync("+12015550101");
        await Expect(page.Locator("#leads-table")).ToContainTextAsync("Ada");
        await Expect(page.Locator("#lead-counts")).ToContainTextAsync("Pending 2");
        await Expect(page.Locator("#imports-table")).ToContainTextAsync("spring-leads.csv");
        await Expect(page.Locator("#imports-table")).ToContainTextAsync("Completed");
        await page.ShotAsync("campaign-leads");
        // The launch dry run follows the import live; the counts today depend on the wall clock, the total does not.
        await Expect(page.Locator("#launch-preview")).ToContainTextAsync("of 2 leads");
        await Expect(page.Locator("#launch-problems")).ToContainTextAsync("campaign.no_phone_number");
        await Expect(page.Locator("#launch-campaign")).ToBeDisabledAsync();
        await page.Locator("#launch-preview").ScrollIntoViewIfNeededAsync();
        await page.ShotAsync("campaign-launch-preview");

        await page.Locator("#lead-search").FillAsync("555 0102");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("Grace");
        await page.Locator("#lead-search").FillAsync("");
        await Expect(rows).ToHaveCountAsync(2);

        await page.Locator("div.mud-select:has(#lead-status)").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item:has-text('Invalid')").ClickAsync();
        await Expect(page.Locator("#leads-empty")).ToContainTextAsync("No lead matches");
        await page.Locator("div.mud-select:has(#lead-status)").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item:has-text('Pending')").ClickAsync();
        await Expect(rows).ToHaveCountAsync(2);

        // Undo removes what the import added, after a confirmation.
        await page.Locator("#imports-table .import-undo").ClickAsync();
        await page.Locator(".mud-dialog button:has-text('Undo import')").ClickAsync();
        await Expect(page.Locator("#imports-table")).ToContainTextAsync("Undone");
        await Expect(page.Locator("#leads-empty")).ToContainTextAsync("No leads yet");
    }
}

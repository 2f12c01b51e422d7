using System.Net.Http.Json;
using System.Text.Json;
using ConvoMono.E2E.Support;
using ConvoMono.Features.Calls;
using ConvoMono.Infrastructure.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConvoMono.E2E;

public sealed class AnalyticsFlowTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    /// <summary>A client with a campaign and three calls that ended an hour ago (this month, this UTC day most of the
    /// time), written as the engine leaves them, with their daily rollup.</summary>
    private async Task<(string OwnerEmail, string ClientName, Guid CampaignId)> SeedAsync(string name)
    {
        var ownerEmail = await app.NewClientOwnerAsync(name);
        using var owner = await app.ApiAsync(ownerEmail, BrowserApp.OwnerPassword);
        var clientId = Guid.Parse((await owner.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("client_id").GetString()!);
        var campaignId = (await (await owner.PostAsJsonAsync("/api/v1/campaigns", new Dictionary<string, object>
        {
            ["name"] = "Spring roofs", ["general_prompt"] = "Offer a free roof check.",
        })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var ended = DateTime.UtcNow.AddMinutes(-1);
        if (ended.Day == 1 && ended.Hour == 0) ended = DateTime.UtcNow; // keep it in this month
        Call Make(CallOutcome outcome, int seconds, long billed, decimal amount, decimal cost, int n) => new()
        {
            CampaignId = campaignId, LeadId = Guid.NewGuid(), Attempt = 1, WaveId = Guid.NewGuid(), RetellCallId = "call_" + Guid.NewGuid().ToString("N"),
            Status = CallStatus.Analyzed, Outcome = outcome, ToNumber = $"+1201555011{n}", FromNumber = "+14155550100", MaxDurationSeconds = 300,
            CreatedAt = ended.AddSeconds(-seconds - 10), StartedAt = ended.AddSeconds(-seconds), EndedAt = ended, AnalyzedAt = ended, DurationSeconds = seconds,
            BilledSeconds = billed, BilledAmount = amount, Currency = "USD", RetellCost = cost, Sentiment = seconds > 0 ? "Positive" : null,
            Successful = outcome == CallOutcome.Converted, UpdatedAt = ended,
        };
        await using (var db = app.Factory.Services.GetRequiredService<TenantDbFactory>().For(clientId))
        {
            db.Calls.AddRange(Make(CallOutcome.Converted, 95, 120, 0.60m, 0.1425m, 1), Make(CallOutcome.NotConverted, 40, 60, 0.30m, 0.06m, 2),
                Make(CallOutcome.NoAnswer, 0, 0, 0m, 0m, 3));
            await CallStatsRollup.SaveAsync(db, new Dictionary<Guid, CallStatsDelta?>(), default);
        }
        using var admin = await app.ApiAsync(BrowserApp.AdminEmail, BrowserApp.AdminPassword);
        var client = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/admin/clients/{clientId}");
        return (ownerEmail, client.GetProperty("name").GetString()!, campaignId);
    }

    [Fact]
    public async Task The_admin_opens_the_profitability_page_and_reads_each_clients_profit()
    {
        var (_, clientName, _) = await SeedAsync("Profit Roofs");
        var page = await app.NewPageAsync();
        await page.SignInAsync(BrowserApp.AdminEmail, BrowserApp.AdminPassword);
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/admin");
        await page.WaitForInteractiveAsync();
        await Expect(page.Locator("#kpi-conversion")).ToBeVisibleAsync();
        await Expect(page.Locator("#kpi-trend")).ToBeVisibleAsync();
        await Expect(page.Locator("#cost-drift")).ToContainTextAsync("Cost drift");
        await page.ShotAsync("admin-dashboard-kpis");
        await page.GetByRole(AriaRole.Link, new() { Name = "Profitability" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/admin/reports/profit");
        await page.WaitForInteractiveAsync();
        var row = page.Locator(".profit-table tbody tr", new() { HasText = clientName });
        await Expect(row).ToContainTextAsync("0.90 USD");   // revenue
        await Expect(row).ToContainTextAsync("$0.2025");    // Retell cost
        await Expect(row).ToContainTextAsync("$0.6975");    // profit (no number assigned)
        await Expect(row).ToContainTextAsync("77.5%");
        await page.ShotAsync("admin-profitability");

        await page.Locator("#profit-group").GetByText("By day").ClickAsync();
        await Expect(page.Locator("#profit-chart")).ToBeVisibleAsync();
        await Expect(page.Locator(".profit-table thead")).ToContainTextAsync("Day");
        await page.ShotAsync("admin-profitability-by-day");
        Assert.True(app.CspViolations.IsEmpty, string.Join("\n", app.CspViolations));
    }

    [Fact]
    public async Task The_admin_records_an_operational_expense_sees_net_profit_and_tunes_the_cost_drift_threshold()
    {
        var page = await app.NewPageAsync();
        await page.SignInAsync(BrowserApp.AdminEmail, BrowserApp.AdminPassword);
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/admin");
        await page.WaitForInteractiveAsync();
        await page.Locator("#drift-threshold-edit").ClickAsync();
        await page.Locator("#drift-threshold").FillAsync("0.075");
        await page.Locator("#drift-threshold-save").ClickAsync();
        await Expect(page.Locator("#cost-drift")).ToContainTextAsync("above $0.075 over the last 7 days");
        await page.ShotAsync("admin-cost-drift-threshold");

        await page.GetByRole(AriaRole.Link, new() { Name = "Expenses" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/admin/reports/expenses");
        await page.WaitForInteractiveAsync();
        await page.Locator("#expense-name").FillAsync("Hosting E2E");
        await page.Locator("#expense-amount").FillAsync("300");
        await Expect(page.Locator("#expense-first")).ToHaveValueAsync($"{DateTime.UtcNow:yyyy-MM}");
        await page.Locator("#expense-note").FillAsync("Two servers");
        await page.Locator("#expense-save").ClickAsync();
        var row = page.Locator("#expenses-table tbody tr", new() { HasText = "Hosting E2E" });
        await Expect(row).ToContainTextAsync("$300.00");
        await Expect(row).ToContainTextAsync("ongoing");
        await row.GetByRole(AriaRole.Button, new() { Name = "Edit Hosting E2E" }).ClickAsync();
        await Expect(page.Locator("#expense-form")).ToContainTextAsync("Edit \"Hosting E2E\"");
        await page.Locator("#expense-amount").FillAsync("450");
        await page.Locator("#expense-save").ClickAsync();
        await Expect(row).ToContainTextAsync("$450.00");
        await Expect(page.Locator("#expenses-this-month")).ToContainTextAsync("$450.00");
        await page.ShotAsync("admin-expenses");

        await page.GetByRole(AriaRole.Link, new() { Name = "Profitability" }).First.ClickAsync();
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/admin/reports/profit");
        await page.WaitForInteractiveAsync();
        await Expect(page.Locator("#total-expenses")).ToHaveTextAsync("$450.00");
        await Expect(page.Locator("#net-profit")).ToContainTextAsync("Hosting E2E $450.00");
        await page.ShotAsync("admin-profitability-net");

        await page.Locator("#manage-expenses").ClickAsync();
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/admin/reports/expenses");
        await page.WaitForInteractiveAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Delete Hosting E2E" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Expect(row).ToHaveCountAsync(0);

        using var admin = await app.ApiAsync(BrowserApp.AdminEmail, BrowserApp.AdminPassword);
        (await admin.PutAsJsonAsync("/api/v1/admin/reports/cost-drift/threshold", new { threshold_per_minute = (decimal?)null })).EnsureSuccessStatusCode();
        Assert.True(app.CspViolations.IsEmpty, string.Join("\n", app.CspViolations));
    }

    [Fact]
    public async Task A_client_opens_a_campaign_report_from_the_campaign_and_sees_the_dashboard()
    {
        var (ownerEmail, _, campaignId) = await SeedAsync("Report Roofs");
        var page = await app.NewPageAsync();
        await page.SignInAsync(ownerEmail, BrowserApp.OwnerPassword);
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/app");
        await page.WaitForInteractiveAsync();
        await Expect(page.Locator("#stat-calls")).ToContainTextAsync("3");
        await Expect(page.Locator("#calls-chart")).ToBeVisibleAsync();
        await page.ShotAsync("client-dashboard");
        await page.Locator("#dashboard-table-panel").ClickAsync();
        await Expect(page.Locator("#dashboard-table tbody tr")).ToHaveCountAsync(30);
        await Expect(page.Locator("#dashboard-table tbody tr").Last).ToContainTextAsync("0.90");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#dashboard-csv").ClickAsync());
        Assert.StartsWith("day,calls,", await File.ReadAllTextAsync(await download.PathAsync()));

        await page.GotoAsync($"/app/campaigns/{campaignId}");
        await page.WaitForInteractiveAsync();
        await page.ClickAsync("#campaign-report");
        await Expect(page).ToHaveURLAsync($"{app.BaseUrl}/app/campaigns/{campaignId}/report");
        await Expect(page.Locator("#report-title")).ToHaveTextAsync("Spring roofs");
        await Expect(page.Locator("#funnel-connected")).ToContainTextAsync("2");
        await Expect(page.Locator("#outcomes")).ToContainTextAsync("Converted");
        await Expect(page.Locator("#report-amount")).ToHaveTextAsync("0.90 USD");
        await Expect(page.Locator("#outcomes")).ToContainTextAsync("No answer");
        await Expect(page.Locator("body")).Not.ToContainTextAsync("Retell");
        await page.ShotAsync("client-campaign-report");

        await page.GetByRole(AriaRole.Link, new() { Name = "Statements" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/app/statements");
        await Expect(page.Locator("#statement-campaigns")).ToContainTextAsync("Spring roofs");
        await Expect(page.Locator("#statement-total")).ToContainTextAsync("0.90 USD");
        await page.ShotAsync("client-statement");
    }
}

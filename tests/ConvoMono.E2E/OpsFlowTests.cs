using System.Net.Http.Json;
using System.Text.Json;
using ConvoMono.E2E.Support;
using ConvoMono.Features.Calls;
using ConvoMono.Features.VoiceWebhooks;
using ConvoMono.Infrastructure.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConvoMono.E2E;

/// <summary>The operator's KPIs on the dashboard, the system health page and the reconciliation page.</summary>
public sealed class OpsFlowTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_admin_reads_the_KPIs_on_the_dashboard_then_the_system_health_and_the_reconciliation()
    {
        await SeedAsync();
        var page = await app.NewPageAsync();
        await page.SignInAsync(BrowserApp.AdminEmail, BrowserApp.AdminPassword);
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/admin");
        await page.WaitForInteractiveAsync();
        await Expect(page.Locator("#kpi-conversion .kpi-value")).Not.ToHaveTextAsync("—");
        await Expect(page.Locator("#kpi-retention")).ToContainTextAsync("Client retention");
        await Expect(page.Locator("#kpi-trend")).ToBeVisibleAsync();
        await page.ShotAsync("ops-dashboard-kpis");
        // A card charts its own trend; the presets change the range.
        await page.Locator("#kpi-cost-minute").ClickAsync();
        await Expect(page.GetByText("Retell cost per connected minute: per day")).ToBeVisibleAsync();
        await page.Locator("#kpi-7-days").ClickAsync();
        await page.Locator("#kpi-table-panel").ClickAsync();
        await Expect(page.Locator("#kpi-table tbody tr")).ToHaveCountAsync(7);
        await page.ShotAsync("ops-dashboard-kpis-7-days");

        await page.GetByRole(AriaRole.Link, new() { Name = "System health" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/admin/health");
        await page.WaitForInteractiveAsync();
        await Expect(page.Locator("#health-database")).ToContainTextAsync("SQLite · reachable");
        await Expect(page.Locator("#health-retell")).ToContainTextAsync("Reachable · simulator");
        await Expect(page.Locator("#health-failed")).Not.ToHaveTextAsync("Failed for good: 0");
        await Expect(page.Locator("#health-failures")).ToContainTextAsync("+1415•••0123");
        await Expect(page.Locator("#health-errors")).ToContainTextAsync("Wave to +1415•••0177 was refused");
        await Expect(page.Locator("#health-errors")).Not.ToContainTextAsync("+14155550177");
        await page.ShotAsync("ops-system-health");

        await page.GetByRole(AriaRole.Link, new() { Name = "Reconciliation" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/admin/reports/reconciliation");
        await page.WaitForInteractiveAsync();
        // Yesterday's seeded call was never placed at the simulated Retell.
        await Expect(page.Locator("#recon-table")).ToContainTextAsync("We have, Retell doesn't");
        await Expect(page.Locator("#recon-table")).ToContainTextAsync("Ops Roofs");
        await Expect(page.Locator("#recon-run")).ToBeEnabledAsync();
        await page.ShotAsync("ops-reconciliation");
    }

    /// <summary>A client with calls over the last days and last month (with their rollup), a webhook event given up with
    /// an error naming a number, and a warning logged with a number in it.</summary>
    private async Task SeedAsync()
    {
        var ownerEmail = await app.NewClientOwnerAsync("Ops Roofs");
        using var owner = await app.ApiAsync(ownerEmail, BrowserApp.OwnerPassword);
        var clientId = Guid.Parse((await owner.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("client_id").GetString()!);
        var campaignId = (await (await owner.PostAsJsonAsync("/api/v1/campaigns", new Dictionary<string, object>
        {
            ["name"] = "Roof checks", ["general_prompt"] = "Offer a free roof check.",
        })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var now = DateTime.UtcNow;
        var n = 0;
        Call Make(DateTime ended, CallOutcome outcome, int seconds, decimal cost, string? sentiment) => new()
        {
            CampaignId = campaignId, LeadId = Guid.NewGuid(), Attempt = 1, WaveId = Guid.NewGuid(), RetellCallId = "call_" + Guid.NewGuid().ToString("N"),
            Status = CallStatus.Analyzed, Outcome = outcome, ToNumber = $"+120155501{n++ % 100:00}", FromNumber = "+14155550100", MaxDurationSeconds = 300,
            CreatedAt = ended.AddSeconds(-seconds - 10), StartedAt = ended.AddSeconds(-seconds), EndedAt = ended, AnalyzedAt = ended, DurationSeconds = seconds,
            BilledSeconds = (seconds + 59) / 60 * 60, BilledAmount = (seconds + 59) / 60 * 0.30m, Currency = "USD", RetellCost = cost, Sentiment = sentiment,
            Successful = outcome == CallOutcome.Converted, UpdatedAt = ended,
        };
        var calls = new List<Call>();
        for (var day = 0; day < 35; day += 1 + day % 3)
        {
            var ended = now.AddDays(-day).AddMinutes(-5);
            calls.Add(Make(ended, CallOutcome.Converted, 60 + day * 3, 0.10m + day * 0.004m, "Positive"));
            calls.Add(Make(ended.AddMinutes(-2), CallOutcome.NotConverted, 40, 0.06m, day % 2 == 0 ? "Negative" : "Neutral"));
            if (day % 2 == 1) calls.Add(Make(ended.AddMinutes(-4), CallOutcome.NoAnswer, 0, 0m, null));
        }
        await using (var db = app.Factory.Services.GetRequiredService<TenantDbFactory>().For(clientId))
        {
            db.Calls.AddRange(calls);
            await CallStatsRollup.SaveAsync(db, new Dictionary<Guid, CallStatsDelta?>(), default);
        }
        await using (var db = app.Factory.Services.GetRequiredService<TenantDbFactory>().Platform())
        {
            db.WebhookEvents.Add(new WebhookEvent
            {
                Provider = "retell", EventType = "call_analyzed", DedupKey = Guid.NewGuid().ToString("N"), ProviderCallId = "call_e2e_failed", Payload = "{}",
                Status = WebhookEventStatus.Failed, Attempts = 10, ReceivedAt = now.AddMinutes(-20), NextAttemptAt = now, ProcessedAt = now.AddMinutes(-2),
                LastError = "InvalidOperationException: lead +14155550123 has no campaign",
            });
            await db.SaveChangesAsync();
        }
        app.Factory.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ConvoMono.Features.Launch.CallDispatcher")
            .LogWarning("Wave to {Phone} was refused", "+14155550177");
    }
}

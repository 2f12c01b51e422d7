using System.Net;
using ConvoMono.Features.Analytics;
using ConvoMono.Tests.Support;

namespace ConvoMono.Tests.Features.Analytics;

/// <summary>What a client sees of its results: a campaign's report and the dashboard, against figures worked out by
/// hand, and nothing of the platform's costs.</summary>
public sealed class ClientAnalyticsTests(TestApps apps)
{
    private static readonly string[] PlatformFields = ["retell_cost", "cost_breakdown", "profit", "margin"];

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_campaign_report_has_the_funnel_outcomes_attempts_and_hours_and_no_platform_cost(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync(initialMinutes: 60); // 0.25 per minute, America/New_York
        var campaign = await CallSeeder.CampaignAsync(tenant, "Report me");
        var at = new DateTime(2026, 3, 2, 15, 0, 0, DateTimeKind.Utc); // 10:00 in New York
        await CallSeeder.SeedAsync(api.Factory.Services, tenant.Id, campaign.Id,
        [
            new(at, 61, "converted", 10m), new(at.AddMinutes(5), 30, "not_converted", 5m), new(at.AddHours(1), 0, "no_answer", 0m),
            new(at.AddHours(1).AddMinutes(1), 0, "busy", 0m),
        ]);
        var response = await tenant.Owner.GetAsync($"/api/v1/campaigns/{campaign.Id}/report");
        var json = await response.Content.ReadAsStringAsync();
        Assert.All(PlatformFields, f => Assert.DoesNotContain($"\"{f}\"", json));
        var report = await response.ReadAsync<CampaignReportDto>();
        Assert.Equal(new CampaignFunnelDto(4, 4, 2, 1), report.Funnel);
        Assert.Equal(0.25, report.ConversionRate); // converted leads over leads dialed
        Assert.Equal(0.5, report.ConnectRate);
        Assert.Equal(new Dictionary<string, long> { ["converted"] = 1, ["not_converted"] = 1, ["no_answer"] = 1, ["busy"] = 1 },
            report.CallsByOutcome.ToDictionary());
        Assert.Equal(new Dictionary<string, long> { ["1"] = 4 }, report.LeadsByAttempts.ToDictionary());
        Assert.Equal((4L, 180L, 0.75m, 45.5), (report.Calls, report.BilledSeconds, report.AmountBilled, report.AverageDurationSeconds!.Value));
        Assert.Equal("America/New_York", report.TimeZone);
        Assert.Equal([new HourOfDayDto(10, 2, 2, 1), new HourOfDayDto(11, 2, 0, 0)], report.CallsByHour);

        using var other = await api.NewTenantAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await other.Owner.GetAsync($"/api/v1/campaigns/{campaign.Id}/report")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.Owner.GetAsync($"/api/v1/campaigns/{Guid.NewGuid()}/report")).StatusCode);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task The_dashboard_sums_the_days_and_runs_the_balance_back_from_today(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync(initialMinutes: 60); // granted today: 3,600 s
        var campaign = await CallSeeder.CampaignAsync(tenant);
        var today = DateTime.UtcNow.Date;
        await CallSeeder.SeedAsync(api.Factory.Services, tenant.Id, campaign.Id,
        [
            new(today.AddSeconds(70), 61, "converted", 10m), new(today.AddSeconds(80), 30, "not_converted", 5m), new(today.AddSeconds(90), 0, "no_answer", 0m),
        ]);
        var response = await tenant.Owner.GetAsync("/api/v1/analytics/dashboard");
        var text = await response.Content.ReadAsStringAsync();
        Assert.All(PlatformFields, f => Assert.DoesNotContain($"\"{f}\"", text));
        var dashboard = await response.ReadAsync<DashboardDto>();
        Assert.Equal((DateOnly.FromDateTime(today).AddDays(-29), DateOnly.FromDateTime(today), 30), (dashboard.From, dashboard.To, dashboard.Days.Count));
        var last = dashboard.Days[^1];
        Assert.Equal((3L, 2L, 1L, 1L, 1L, 180L, 0.75m, 0.5), (last.Calls, last.Connected, last.Converted, last.NotConverted, last.NoAnswer, last.BilledSeconds,
            last.AmountBilled, last.ConversionRate!.Value));
        Assert.Equal(3420L, last.BalanceSeconds);        // 3,600 granted − 180 billed
        Assert.Equal(0L, dashboard.Days[^2].BalanceSeconds); // before today's grant
        Assert.Equal((3L, 2L, 1L, 0.5, 180L, 3m, 0.75m), (dashboard.Totals.Calls, dashboard.Totals.Connected, dashboard.Totals.Converted,
            dashboard.Totals.ConversionRate, dashboard.Totals.BilledSeconds, dashboard.Totals.MinutesUsed, dashboard.Totals.AmountBilled));
        Assert.Equal((3420L, 3420L), (dashboard.BalanceSeconds, dashboard.AvailableSeconds));

        // The same days as CSV, the figures behind the charts.
        var csv = await tenant.Owner.GetAsync("/api/v1/analytics/dashboard?format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(31, lines.Length);
        Assert.StartsWith("day,calls,connected,converted,", lines[0]);
        Assert.Equal($"{today:yyyy-MM-dd},3,2,1,1,0,1,0,0,0.5,3.00,0.75,USD,57.00", lines[^1]);
        Assert.All(PlatformFields, f => Assert.DoesNotContain(f, lines[0]));

        // Another client sees none of it; one campaign narrows it; bad ranges are refused; the admin has no client dashboard.
        using var other = await api.NewTenantAsync();
        Assert.Equal(0, (await (await other.Owner.GetAsync("/api/v1/analytics/dashboard")).ReadAsync<DashboardDto>()).Totals.Calls);
        Assert.Equal(0, (await (await tenant.Owner.GetAsync($"/api/v1/analytics/dashboard?campaign_id={Guid.NewGuid()}")).ReadAsync<DashboardDto>()).Totals.Calls);
        await (await tenant.Owner.GetAsync("/api/v1/analytics/dashboard?from=2026-02-01&to=2026-01-01")).ProblemAsync(400);
        using var admin = await api.AdminAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/api/v1/analytics/dashboard")).StatusCode);
        using var anonymous = api.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/analytics/dashboard")).StatusCode);
    }
}

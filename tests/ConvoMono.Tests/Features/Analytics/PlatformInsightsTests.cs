using System.Net;
using ConvoMono.Features.Analytics;
using ConvoMono.Tests.Support;

namespace ConvoMono.Tests.Features.Analytics;

/// <summary>The operator's business KPIs and cost drift alerts against figures worked out by hand. The KPI calls are in
/// April and May 2023, months no other test uses.</summary>
public sealed class PlatformInsightsTests(TestApps apps)
{
    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Kpis_cover_conversion_success_quality_margin_cost_usage_and_retention(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var x = await api.NewTenantAsync(initialMinutes: 60); // USD, 0.25 per minute, every started minute
        using var y = await api.NewTenantAsync(initialMinutes: 60);
        var xc = await CallSeeder.CampaignAsync(x);
        var yc = await CallSeeder.CampaignAsync(y);
        var may10 = new DateTime(2023, 5, 10, 14, 0, 0, DateTimeKind.Utc);
        await CallSeeder.SeedAsync(api.Factory.Services, x.Id, xc.Id,
        [
            new(new DateTime(2023, 4, 15, 14, 0, 0, DateTimeKind.Utc), 100, "converted", 20m, "Positive"), // April: the month before
            new(may10, 61, "converted", 12m, "Positive"), new(may10.AddMinutes(5), 30, "not_converted", 6m, "Negative"),
            new(may10.AddMinutes(9), 0, "no_answer", 0m),
        ]);
        await CallSeeder.SeedAsync(api.Factory.Services, y.Id, yc.Id, [new(may10.AddDays(10), 15, "voicemail", 3m)]);

        using var admin = await api.AdminAsync();
        var kpis = await (await admin.GetAsync("/api/v1/admin/reports/kpis?from=2023-05-01&to=2023-05-31")).ReadAsync<KpisDto>();
        Assert.Equal((4L, 3L, 1L), (kpis.Calls, kpis.Connected, kpis.Converted));
        Assert.Equal((0.3333, 0.75, 0.25, 0.25), (kpis.ConversionRate!.Value, kpis.SuccessRate!.Value, kpis.PositiveShare!.Value, kpis.SuccessfulShare!.Value));
        Assert.Equal((0.0525m, 0.1189m), (kpis.CostPerCall!.Value, kpis.CostPerMinute!.Value)); // 0.21 USD over 4 calls, over 106 connected seconds
        Assert.Equal((240L, 4.00m, 0.79), (kpis.BilledSeconds, kpis.MinutesUsed, kpis.Margin!.Value)); // revenue 1.00, Retell 0.21
        Assert.Equal((2, 1, 1, 1.0), (kpis.ActiveClients, kpis.RetainedClients, kpis.PreviousMonthClients, kpis.Retention!.Value));
        Assert.Equal(31, kpis.Days.Count);
        var tenth = kpis.Days.Single(d => d.Day == new DateOnly(2023, 5, 10));
        Assert.Equal((3L, 2L, 0.5, 0.6667), (tenth.Calls, tenth.Connected, tenth.ConversionRate!.Value, tenth.SuccessRate!.Value));

        Assert.Equal(HttpStatusCode.Forbidden, (await x.Owner.GetAsync("/api/v1/admin/reports/kpis")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await x.Owner.GetAsync("/api/v1/admin/reports/cost-drift")).StatusCode);
        await (await admin.GetAsync("/api/v1/admin/reports/kpis?from=2023-06-01&to=2023-05-01")).ProblemAsync(400);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_client_or_campaign_whose_Retell_cost_per_minute_rises_above_the_threshold_is_flagged(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync(initialMinutes: 60);
        var dear = await CallSeeder.CampaignAsync(tenant, "Long prompt");
        var cheap = await CallSeeder.CampaignAsync(tenant, "Short prompt");
        var yesterday = DateTime.UtcNow.Date.AddDays(-1).AddHours(12);
        await CallSeeder.SeedAsync(api.Factory.Services, tenant.Id, dear.Id, [new(yesterday, 60, "not_converted", 30m)]);  // 0.30 per minute
        await CallSeeder.SeedAsync(api.Factory.Services, tenant.Id, cheap.Id, [new(yesterday, 60, "not_converted", 5m)]);  // 0.05 per minute

        using var admin = await api.AdminAsync();
        var drift = await (await admin.GetAsync("/api/v1/admin/reports/cost-drift?days=7")).ReadAsync<CostDriftReportDto>();
        Assert.Equal((7, 0.15m), (drift.Days, drift.ThresholdPerMinute));
        var mine = drift.Alerts.Where(a => a.ClientId == tenant.Id).ToList();
        Assert.Equal(2, mine.Count); // the dear campaign, and the client over both (0.35 over 2 minutes); not the cheap campaign
        Assert.Equal((dear.Id, "Long prompt", 0.30m, (decimal?)null), (mine[0].CampaignId!.Value, mine[0].CampaignName, mine[0].CostPerMinute, mine[0].PreviousCostPerMinute));
        Assert.Equal(((Guid?)null, 0.175m, 120L), (mine[1].CampaignId, mine[1].CostPerMinute, mine[1].ConnectedSeconds));
    }
}

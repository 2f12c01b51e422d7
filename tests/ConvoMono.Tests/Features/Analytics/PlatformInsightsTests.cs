using System.Net;
using ConvoMono.Features.Analytics;
using ConvoMono.Tests.Support;

namespace ConvoMono.Tests.Features.Analytics;

/// <summary>The operator's cost drift alerts against figures worked out by hand (the KPIs: Ops/KpiTests).</summary>
public sealed class PlatformInsightsTests(TestApps apps)
{
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
        Assert.Equal(HttpStatusCode.Forbidden, (await tenant.Owner.GetAsync("/api/v1/admin/reports/cost-drift")).StatusCode);
    }
}

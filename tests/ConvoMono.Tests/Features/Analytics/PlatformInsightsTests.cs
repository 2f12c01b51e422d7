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

    // In this class, so it never runs beside the test above (the threshold is platform-wide); it puts the default back.
    [Theory, ClassData(typeof(BothDatabases))]
    public async Task The_admin_changes_the_threshold_with_an_audit_entry_and_can_go_back_to_the_default(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync(initialMinutes: 60);
        var campaign = await CallSeeder.CampaignAsync(tenant, "Mid prompt");
        var yesterday = DateTime.UtcNow.Date.AddDays(-1).AddHours(12);
        await CallSeeder.SeedAsync(api.Factory.Services, tenant.Id, campaign.Id, [new(yesterday, 60, "not_converted", 12m)]); // 0.12 per minute
        using var admin = await api.AdminAsync();
        async Task<bool> FlaggedAsync() =>
            (await (await admin.GetAsync("/api/v1/admin/reports/cost-drift")).ReadAsync<CostDriftReportDto>()).Alerts.Any(a => a.CampaignId == campaign.Id);
        try
        {
            Assert.Equal((0.15m, 0.15m, true), Tuple(await (await admin.GetAsync("/api/v1/admin/reports/cost-drift/threshold")).ReadAsync<CostDriftThresholdDto>()));
            Assert.False(await FlaggedAsync());

            var lowered = await (await admin.PutJsonAsync("/api/v1/admin/reports/cost-drift/threshold", new { threshold_per_minute = 0.10m })).ReadAsync<CostDriftThresholdDto>();
            Assert.Equal((0.10m, 0.15m, false), Tuple(lowered));
            Assert.True(await FlaggedAsync());
            Assert.Equal(0.10m, (await (await admin.GetAsync("/api/v1/admin/reports/cost-drift")).ReadAsync<CostDriftReportDto>()).ThresholdPerMinute);

            await (await admin.PutJsonAsync("/api/v1/admin/reports/cost-drift/threshold", new { threshold_per_minute = -1m })).ProblemAsync(400);
            Assert.Equal(HttpStatusCode.Forbidden,
                (await tenant.Owner.PutJsonAsync("/api/v1/admin/reports/cost-drift/threshold", new { threshold_per_minute = 1m })).StatusCode);
            Assert.Equal(0.10m, (await (await admin.GetAsync("/api/v1/admin/reports/cost-drift/threshold")).ReadAsync<CostDriftThresholdDto>()).ThresholdPerMinute);

            var audit = (await (await admin.GetAsync("/api/v1/admin/audit?action=analytics.cost_drift_threshold_changed&limit=50"))
                .ReadAsync<ConvoMono.Infrastructure.Http.Page<ConvoMono.Features.Audit.AuditEntryDto>>()).Data;
            Assert.Contains(audit, e => e.After != null && e.After.Contains("0.1"));
        }
        finally
        {
            var reset = await (await admin.PutJsonAsync("/api/v1/admin/reports/cost-drift/threshold", new { threshold_per_minute = (decimal?)null })).ReadAsync<CostDriftThresholdDto>();
            Assert.Equal((0.15m, 0.15m, true), Tuple(reset));
        }
        Assert.False(await FlaggedAsync());
    }

    private static (decimal, decimal, bool) Tuple(CostDriftThresholdDto t) => (t.ThresholdPerMinute, t.DefaultPerMinute, t.IsDefault);
}

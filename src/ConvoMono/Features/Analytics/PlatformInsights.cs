using System.ComponentModel.DataAnnotations;
using ConvoMono.Features.Calls;
using ConvoMono.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Analytics;

/// <summary>A client or campaign whose Retell cost per connected minute over the last days is above the threshold.</summary>
public sealed record CostDriftDto(Guid ClientId, string ClientName, Guid? CampaignId, string? CampaignName, decimal CostPerMinute,
    decimal? PreviousCostPerMinute, long ConnectedSeconds);

public sealed record CostDriftReportDto(int Days, decimal ThresholdPerMinute, IReadOnlyList<CostDriftDto> Alerts);

/// <summary>A new cost drift threshold (USD per connected minute); null goes back to the configured default.</summary>
public sealed record SetCostDriftThresholdRequest
{
    [Display(Name = "Threshold per minute"), Range(typeof(decimal), "0.001", "100")] public decimal? ThresholdPerMinute { get; set; }
}

public sealed record CostDriftThresholdDto(decimal ThresholdPerMinute, decimal DefaultPerMinute, bool IsDefault);

public sealed class AnalyticsOptions
{
    /// <summary>Retell cost per connected minute (USD) above which a client or campaign is flagged (Analytics__CostDriftThresholdPerMinute).</summary>
    [Range(0, 100)] public decimal CostDriftThresholdPerMinute { get; set; } = 0.15m;
}

public sealed class PlatformInsightsHandler(TenantDbFactory tenants, Microsoft.Extensions.Options.IOptions<AnalyticsOptions> options,
    ConvoMono.Infrastructure.Tenancy.TenantContext actor, TimeProvider clock)
{
    public async Task<CostDriftThresholdDto> ThresholdAsync(CancellationToken ct)
    {
        await using var db = tenants.Platform();
        return Threshold(await db.AnalyticsSettings.AsNoTracking().FirstOrDefaultAsync(ct));
    }

    public async Task<CostDriftThresholdDto> SetThresholdAsync(SetCostDriftThresholdRequest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = tenants.Platform();
        var setting = await db.AnalyticsSettings.FirstOrDefaultAsync(ct);
        var before = Threshold(setting);
        if (setting is null) db.AnalyticsSettings.Add(setting = new AnalyticsSetting());
        setting.CostDriftThresholdPerMinute = request.ThresholdPerMinute;
        setting.UpdatedAt = now;
        setting.UpdatedBy = actor.ActorName;
        var after = Threshold(setting);
        if (after == before) return after;
        db.AuditEntries.Add(Audit.AuditEntry.Record(actor, "analytics.cost_drift_threshold_changed", "analytics_setting", AnalyticsSetting.SingletonId, null,
            before, after, now));
        await db.SaveChangesAsync(ct);
        return after;
    }

    private CostDriftThresholdDto Threshold(AnalyticsSetting? setting) => new(setting?.CostDriftThresholdPerMinute ?? options.Value.CostDriftThresholdPerMinute,
        options.Value.CostDriftThresholdPerMinute, setting?.CostDriftThresholdPerMinute is null);

    /// <summary>Clients and campaigns whose Retell cost per connected minute over the last <paramref name="days"/> days
    /// (today included) is above the threshold, with the figure of the days before for comparison; dearest first.</summary>
    public async Task<CostDriftReportDto> CostDriftAsync(int days, CancellationToken ct)
    {
        days = Math.Clamp(days, 1, 90);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var from = today.AddDays(1 - days);
        var before = from.AddDays(-days);
        await using var db = tenants.Platform();
        var threshold = Threshold(await db.AnalyticsSettings.AsNoTracking().FirstOrDefaultAsync(ct)).ThresholdPerMinute;
        var rows = await db.CallDayStats.IgnoreQueryFilters().AsNoTracking().Where(s => s.Day >= before && s.Day <= today && s.CostedSeconds > 0)
            .GroupBy(s => new { s.TenantId, s.CampaignId, Recent = s.Day >= from })
            .Select(g => new { g.Key.TenantId, g.Key.CampaignId, g.Key.Recent, Cost = g.Sum(s => s.RetellCostMicros), Seconds = g.Sum(s => s.CostedSeconds) })
            .ToListAsync(ct);
        var clients = await db.Clients.AsNoTracking().Select(c => new { c.Id, c.Name }).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var campaignIds = rows.Select(r => r.CampaignId).Distinct().ToList();
        var campaigns = await db.Campaigns.IgnoreQueryFilters().AsNoTracking().Where(c => campaignIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => c.Name, ct);

        var alerts = new List<CostDriftDto>();
        void Check(Guid tenant, Guid? campaign, IEnumerable<(bool Recent, long Cost, long Seconds)> parts)
        {
            var list = parts.ToList();
            var (cost, seconds) = (list.Where(p => p.Recent).Sum(p => p.Cost), list.Where(p => p.Recent).Sum(p => p.Seconds));
            if (PerMinute(cost, seconds) is not { } now || now <= threshold) return;
            var (oldCost, oldSeconds) = (list.Where(p => !p.Recent).Sum(p => p.Cost), list.Where(p => !p.Recent).Sum(p => p.Seconds));
            alerts.Add(new CostDriftDto(tenant, clients.GetValueOrDefault(tenant, "?"), campaign, campaign is { } id ? campaigns.GetValueOrDefault(id) : null,
                now, PerMinute(oldCost, oldSeconds), seconds));
        }
        foreach (var client in rows.GroupBy(r => r.TenantId))
        {
            Check(client.Key, null, client.Select(r => (r.Recent, r.Cost, r.Seconds)));
            foreach (var campaign in client.GroupBy(r => r.CampaignId)) Check(client.Key, campaign.Key, campaign.Select(r => (r.Recent, r.Cost, r.Seconds)));
        }
        return new CostDriftReportDto(days, threshold, alerts.OrderByDescending(a => a.CostPerMinute).ThenBy(a => a.CampaignId is not null).ToList());
    }

    private static decimal? PerMinute(long costMicros, long seconds) =>
        seconds == 0 ? null : Math.Round(CallDayStat.Money(costMicros) / (seconds / 60m), 4, MidpointRounding.AwayFromZero);
}

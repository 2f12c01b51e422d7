using System.ComponentModel.DataAnnotations;
using ConvoMono.Features.Calls;
using ConvoMono.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Analytics;

/// <summary>UTC days, both included; default: the last 30 days.</summary>
public sealed record KpiQuery : IValidatableObject
{
    [FromQuery(Name = "from")] public DateOnly? From { get; init; }
    [FromQuery(Name = "to")] public DateOnly? To { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext context) =>
        new DashboardQuery { From = From, To = To }.Validate(context);
}

/// <summary>One day's business figures over every client.</summary>
public sealed record KpiDayDto(DateOnly Day, long Calls, long Connected, long Converted, double? ConversionRate, double? SuccessRate,
    decimal? CostPerMinute, long BilledSeconds);

/// <summary>The seed's success metrics over a range: conversion rate (converted / connected calls), call success rate
/// (connected / dialed), call quality (share of positive sentiment and of Retell's "successful" among analyzed calls),
/// profit margin (clients billed in USD, from the profit report), Retell cost per call and per connected minute (USD),
/// usage, and client retention (clients with calls in the range's last month that also had calls the month before, over
/// those of the month before).</summary>
public sealed record KpisDto(
    DateOnly From, DateOnly To, long Calls, long Connected, long Converted, double? ConversionRate, double? SuccessRate, double? PositiveShare,
    double? SuccessfulShare, double? Margin, decimal? CostPerCall, decimal? CostPerMinute, long BilledSeconds, decimal MinutesUsed,
    int ActiveClients, int RetainedClients, int PreviousMonthClients, double? Retention, IReadOnlyList<KpiDayDto> Days);

/// <summary>A client or campaign whose Retell cost per connected minute over the last days is above the threshold.</summary>
public sealed record CostDriftDto(Guid ClientId, string ClientName, Guid? CampaignId, string? CampaignName, decimal CostPerMinute,
    decimal? PreviousCostPerMinute, long ConnectedSeconds);

public sealed record CostDriftReportDto(int Days, decimal ThresholdPerMinute, IReadOnlyList<CostDriftDto> Alerts);

public sealed class AnalyticsOptions
{
    /// <summary>Retell cost per connected minute (USD) above which a client or campaign is flagged (Analytics__CostDriftThresholdPerMinute).</summary>
    [Range(0, 100)] public decimal CostDriftThresholdPerMinute { get; set; } = 0.15m;
}

public sealed class PlatformInsightsHandler(TenantDbFactory tenants, ProfitReportHandler profit, Microsoft.Extensions.Options.IOptions<AnalyticsOptions> options,
    TimeProvider clock)
{
    public async Task<KpisDto> KpisAsync(KpiQuery query, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var (from, to) = new DashboardQuery { From = query.From, To = query.To }.Range(today);
        await using var db = tenants.Platform();
        var stats = db.CallDayStats.IgnoreQueryFilters().AsNoTracking();
        var days = await stats.Where(s => s.Day >= from && s.Day <= to).GroupBy(s => s.Day).Select(g => new
        {
            Day = g.Key, Calls = g.Sum(s => s.Calls), Connected = g.Sum(s => s.Connected), Converted = g.Sum(s => s.Converted),
            Analyzed = g.Sum(s => s.Analyzed), Positive = g.Sum(s => s.PositiveSentiment), Successful = g.Sum(s => s.Successful),
            Cost = g.Sum(s => s.RetellCostMicros), CostedSeconds = g.Sum(s => s.CostedSeconds), Billed = g.Sum(s => s.BilledSeconds),
        }).ToDictionaryAsync(d => d.Day, ct);
        var series = new List<KpiDayDto>();
        for (var day = from; day <= to; day = day.AddDays(1))
            series.Add(days.TryGetValue(day, out var d)
                ? new KpiDayDto(day, d.Calls, d.Connected, d.Converted, Share(d.Converted, d.Connected), Share(d.Connected, d.Calls),
                    PerMinute(d.Cost, d.CostedSeconds), d.Billed)
                : new KpiDayDto(day, 0, 0, 0, null, null, null, 0));

        var calls = days.Values.Sum(v => v.Calls);
        var connected = days.Values.Sum(v => v.Connected);
        var converted = days.Values.Sum(v => v.Converted);
        var analyzed = days.Values.Sum(v => v.Analyzed);
        var cost = days.Values.Sum(v => v.Cost);
        var costed = days.Values.Sum(v => v.CostedSeconds);
        var billed = days.Values.Sum(v => v.Billed);
        var margin = (await profit.HandleAsync(new ProfitReportQuery { From = from, To = to, GroupBy = "client" }, ct)).Totals.Margin;

        // Retention: the calendar month of `to` against the month before it.
        var monthStart = new DateOnly(to.Year, to.Month, 1);
        var previousStart = monthStart.AddMonths(-1);
        var current = await stats.Where(s => s.Day >= monthStart && s.Day <= to && s.Calls > 0).Select(s => s.TenantId).Distinct().ToListAsync(ct);
        var previous = await stats.Where(s => s.Day >= previousStart && s.Day < monthStart && s.Calls > 0).Select(s => s.TenantId).Distinct().ToListAsync(ct);
        var retained = current.Intersect(previous).Count();

        return new KpisDto(from, to, calls, connected, converted, Share(converted, connected), Share(connected, calls),
            Share(days.Values.Sum(v => v.Positive), analyzed), Share(days.Values.Sum(v => v.Successful), analyzed), margin,
            calls == 0 ? null : Math.Round(CallDayStat.Money(cost) / calls, 6), PerMinute(cost, costed), billed, Credits.Pricing.Minutes(billed),
            current.Count, retained, previous.Count, Share(retained, previous.Count), series);
    }

    /// <summary>Clients and campaigns whose Retell cost per connected minute over the last <paramref name="days"/> days
    /// (today included) is above the threshold, with the figure of the days before for comparison; dearest first.</summary>
    public async Task<CostDriftReportDto> CostDriftAsync(int days, CancellationToken ct)
    {
        days = Math.Clamp(days, 1, 90);
        var threshold = options.Value.CostDriftThresholdPerMinute;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var from = today.AddDays(1 - days);
        var before = from.AddDays(-days);
        await using var db = tenants.Platform();
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

    private static double? Share(long part, long whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);

    private static decimal? PerMinute(long costMicros, long seconds) =>
        seconds == 0 ? null : Math.Round(CallDayStat.Money(costMicros) / (seconds / 60m), 4, MidpointRounding.AwayFromZero);
}

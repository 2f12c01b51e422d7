using System.ComponentModel.DataAnnotations;
using ConvoMono.Features.Calls;
using ConvoMono.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Analytics.Ops;

/// <summary>UTC days, both included; default: the last 30 days.</summary>
public sealed record KpiQuery : IValidatableObject
{
    [FromQuery(Name = "from")] public DateOnly? From { get; init; }
    [FromQuery(Name = "to")] public DateOnly? To { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext context) =>
        new DashboardQuery { From = From, To = To }.Validate(context);
}

/// <summary>One day's business figures over every client: each KPI's daily trend. Margin is over the clients billed in
/// US dollars (Retell's cost is in dollars) and counts the numbers' cost accrued that day, as the profit report does.</summary>
public sealed record KpiDayDto(DateOnly Day, long Calls, long Connected, long Converted, double? ConversionRate, double? SuccessRate,
    double? PositiveShare, double? SuccessfulShare, double? Margin, decimal? CostPerCall, decimal? CostPerMinute, long BilledSeconds,
    decimal MinutesUsed);

/// <summary>Client retention of one calendar month: clients with calls that month (up to the range's end) that also had
/// calls the month before, over the clients of the month before.</summary>
public sealed record KpiMonthDto(DateOnly Month, int ActiveClients, int PreviousMonthClients, int RetainedClients, double? Retention);

/// <summary>The seed's success metrics over a range: conversion rate (converted / connected calls), call success rate
/// (connected / dialed), call quality (share of positive sentiment and of Retell's "successful" among analyzed calls),
/// profit margin (clients billed in USD, from the profit report), Retell cost per call and per connected minute (USD),
/// usage, and client retention (the range's last month against the month before), with a trend per day (retention:
/// per month).</summary>
public sealed record KpisDto(
    DateOnly From, DateOnly To, long Calls, long Connected, long Converted, double? ConversionRate, double? SuccessRate, double? PositiveShare,
    double? SuccessfulShare, double? Margin, decimal? CostPerCall, decimal? CostPerMinute, long BilledSeconds, decimal MinutesUsed,
    int ActiveClients, int RetainedClients, int PreviousMonthClients, double? Retention, IReadOnlyList<KpiDayDto> Days, IReadOnlyList<KpiMonthDto> Months);

/// <summary>The operator's KPIs from the daily call rollup (<see cref="CallDayStat"/>) only: a range of days reads at
/// most one row per campaign and day, never the calls.</summary>
public sealed class KpisHandler(TenantDbFactory tenants, ProfitReportHandler profit, TimeProvider clock)
{
    public async Task<KpisDto> HandleAsync(KpiQuery query, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var (from, to) = new DashboardQuery { From = query.From, To = query.To }.Range(today);
        await using var db = tenants.Platform();
        // Platform-wide figures: every client's rows.
        var stats = db.CallDayStats.IgnoreQueryFilters().AsNoTracking();
        var days = await stats.Where(s => s.Day >= from && s.Day <= to).GroupBy(s => s.Day).Select(g => new DaySum(
            g.Key, g.Sum(s => s.Calls), g.Sum(s => s.Connected), g.Sum(s => s.Converted), g.Sum(s => s.Analyzed), g.Sum(s => s.PositiveSentiment),
            g.Sum(s => s.Successful), g.Sum(s => s.RetellCostMicros), g.Sum(s => s.CostedCalls), g.Sum(s => s.CostedSeconds), g.Sum(s => s.BilledSeconds)))
            .ToDictionaryAsync(d => d.Day, ct);
        var money = await profit.HandleAsync(new ProfitReportQuery { From = from, To = to, GroupBy = "day" }, ct);
        var margins = money.Rows.Where(r => r.Day is not null && r.Currency == ProfitReportHandler.Usd).ToDictionary(r => r.Day!.Value, r => r.Margin);

        var series = new List<KpiDayDto>();
        for (var day = from; day <= to; day = day.AddDays(1))
            series.Add(Day(day, days.GetValueOrDefault(day) ?? new DaySum(day, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), margins.GetValueOrDefault(day)));
        var all = days.Values.Aggregate(new DaySum(to, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), (a, d) => a + d);
        var total = Day(to, all, money.Totals.Margin);
        var months = await RetentionAsync(stats, from, to, ct);
        var last = months[^1];

        return new KpisDto(from, to, all.Calls, all.Connected, all.Converted, total.ConversionRate, total.SuccessRate, total.PositiveShare,
            total.SuccessfulShare, total.Margin, total.CostPerCall, total.CostPerMinute, all.Billed, total.MinutesUsed,
            last.ActiveClients, last.RetainedClients, last.PreviousMonthClients, last.Retention, series, months);
    }

    /// <summary>Per calendar month touching the range: clients with calls in it (up to <paramref name="to"/>) and in the
    /// month before it.</summary>
    private static async Task<List<KpiMonthDto>> RetentionAsync(IQueryable<CallDayStat> stats, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var first = new DateOnly(from.Year, from.Month, 1);
        var active = await stats.Where(s => s.Day >= first.AddMonths(-1) && s.Day <= to && s.Calls > 0)
            .GroupBy(s => new { s.TenantId, s.Day.Year, s.Day.Month }).Select(g => g.Key).ToListAsync(ct);
        var byMonth = active.GroupBy(a => new DateOnly(a.Year, a.Month, 1)).ToDictionary(g => g.Key, g => g.Select(a => a.TenantId).ToHashSet());
        var months = new List<KpiMonthDto>();
        for (var month = first; month <= to; month = month.AddMonths(1))
        {
            var current = byMonth.GetValueOrDefault(month) ?? [];
            var previous = byMonth.GetValueOrDefault(month.AddMonths(-1)) ?? [];
            var retained = current.Count(previous.Contains);
            months.Add(new KpiMonthDto(month, current.Count, previous.Count, retained, Share(retained, previous.Count)));
        }
        return months;
    }

    private static KpiDayDto Day(DateOnly day, DaySum d, double? margin) => new(day, d.Calls, d.Connected, d.Converted,
        Share(d.Converted, d.Connected), Share(d.Connected, d.Calls), Share(d.Positive, d.Analyzed), Share(d.Successful, d.Analyzed), margin,
        d.CostedCalls == 0 ? null : Math.Round(CallDayStat.Money(d.Cost) / d.CostedCalls, 4, MidpointRounding.AwayFromZero),
        d.CostedSeconds == 0 ? null : Math.Round(CallDayStat.Money(d.Cost) / (d.CostedSeconds / 60m), 4, MidpointRounding.AwayFromZero),
        d.Billed, Credits.Pricing.Minutes(d.Billed));

    private static double? Share(long part, long whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);

    private sealed record DaySum(DateOnly Day, long Calls, long Connected, long Converted, long Analyzed, long Positive, long Successful, long Cost,
        long CostedCalls, long CostedSeconds, long Billed)
    {
        public static DaySum operator +(DaySum a, DaySum b) => new(a.Day, a.Calls + b.Calls, a.Connected + b.Connected, a.Converted + b.Converted,
            a.Analyzed + b.Analyzed, a.Positive + b.Positive, a.Successful + b.Successful, a.Cost + b.Cost, a.CostedCalls + b.CostedCalls,
            a.CostedSeconds + b.CostedSeconds, a.Billed + b.Billed);
    }
}

using System.ComponentModel.DataAnnotations;
using ConvoMono.Features.Calls;
using ConvoMono.Features.Credits;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Http;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Analytics;

/// <summary>UTC days, both ends included (default: the last 30 days), optionally one campaign.</summary>
public sealed record DashboardQuery : IValidatableObject
{
    [FromQuery(Name = "from")] public DateOnly? From { get; init; }
    [FromQuery(Name = "to")] public DateOnly? To { get; init; }
    [FromQuery(Name = "campaign_id")] public Guid? CampaignId { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (From is { } from && To is { } to)
        {
            if (from > to) yield return new ValidationResult("from must not be after to.", ["from"]);
            else if (to.DayNumber - from.DayNumber + 1 > ProfitReportQuery.MaxDays)
                yield return new ValidationResult($"A dashboard covers at most {ProfitReportQuery.MaxDays} days.", ["to"]);
        }
    }

    public (DateOnly From, DateOnly To) Range(DateOnly today)
    {
        var to = To ?? (From is { } f && f.AddDays(29) < today ? f.AddDays(29) : today);
        return (From ?? to.AddDays(-29), to);
    }
}

/// <summary>One UTC day of the client's calls (ended that day) and its balance at the end of the day.</summary>
public sealed record DashboardDayDto(
    DateOnly Day, long Calls, long Connected, long Converted, long NotConverted, long NoAnswer, long Busy, long Voicemail, long Failed,
    long BilledSeconds, decimal AmountBilled, double? ConversionRate, long? BalanceSeconds);

public sealed record DashboardTotalsDto(long Calls, long Connected, long Converted, double ConversionRate, double ConnectRate, long BilledSeconds,
    decimal MinutesUsed, decimal AmountBilled);

public sealed record DashboardDto(DateOnly From, DateOnly To, Guid? CampaignId, string Currency, DashboardTotalsDto Totals, IReadOnlyList<DashboardDayDto> Days,
    long BalanceSeconds, long HeldSeconds, long AvailableSeconds);

/// <summary>The client's dashboard over a range of days, read from the daily call rollup (the client's rows only) and the
/// credit totals. Conversion rate = converted / connected calls. The balance line runs backwards from today's balance:
/// each later day's billed seconds added back, its grants and adjustments taken off.</summary>
public sealed class ClientDashboardHandler(TenantDbFactory tenants, TenantContext tenant, TimeProvider clock)
{
    public async Task<DashboardDto> HandleAsync(DashboardQuery query, CancellationToken ct)
    {
        var tenantId = tenant.TenantId ?? throw new InvalidOperationException("The dashboard needs a client.");
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var (from, to) = query.Range(today);
        await using var db = tenants.For(tenantId);
        var stats = db.CallDayStats.AsNoTracking().Where(s => s.Day >= from && s.Day <= today);
        if (query.CampaignId is { } campaign) stats = stats.Where(s => s.CampaignId == campaign);
        var days = await stats.GroupBy(s => s.Day).Select(g => new
        {
            Day = g.Key, Calls = g.Sum(s => s.Calls), Connected = g.Sum(s => s.Connected), Converted = g.Sum(s => s.Converted),
            NotConverted = g.Sum(s => s.NotConverted), NoAnswer = g.Sum(s => s.NoAnswer), Busy = g.Sum(s => s.Busy), Voicemail = g.Sum(s => s.Voicemail),
            Failed = g.Sum(s => s.Failed), Billed = g.Sum(s => s.BilledSeconds), Micros = g.Sum(s => s.BilledMicros),
        }).ToDictionaryAsync(d => d.Day, ct);
        var currency = await db.Clients.AsNoTracking().Where(c => c.Id == tenantId).Select(c => c.Currency).FirstAsync(ct);
        var credit = await db.ClientCredits.AsNoTracking().FirstOrDefaultAsync(ct);

        // The balance at the end of each day, back from now (all campaigns: credit is the client's).
        Dictionary<DateOnly, long>? balances = null;
        if (credit is not null)
        {
            var since = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            var granted = await db.CreditEntries.AsNoTracking()
                .Where(e => (e.Kind == CreditEntryKind.Grant || e.Kind == CreditEntryKind.Adjust) && e.CreatedAt >= since)
                .Select(e => new { e.CreatedAt, e.Seconds }).ToListAsync(ct);
            var billedAll = query.CampaignId is null
                ? days.ToDictionary(d => d.Key, d => d.Value.Billed)
                : await db.CallDayStats.AsNoTracking().Where(s => s.Day >= from && s.Day <= today).GroupBy(s => s.Day)
                    .Select(g => new { Day = g.Key, Billed = g.Sum(s => s.BilledSeconds) }).ToDictionaryAsync(d => d.Day, d => d.Billed, ct);
            balances = [];
            var balance = credit.BalanceSeconds;
            for (var day = today; day >= from; day = day.AddDays(-1))
            {
                if (day <= to) balances[day] = balance;
                balance += billedAll.GetValueOrDefault(day) - granted.Where(g => DateOnly.FromDateTime(g.CreatedAt) == day).Sum(g => g.Seconds);
            }
        }

        var series = new List<DashboardDayDto>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var d = days.GetValueOrDefault(day);
            series.Add(d is null
                ? new DashboardDayDto(day, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, balances?.GetValueOrDefault(day))
                : new DashboardDayDto(day, d.Calls, d.Connected, d.Converted, d.NotConverted, d.NoAnswer, d.Busy, d.Voicemail, d.Failed, d.Billed,
                    CallDayStat.Money(d.Micros), d.Connected == 0 ? null : Math.Round((double)d.Converted / d.Connected, 4), balances?.GetValueOrDefault(day)));
        }
        var calls = series.Sum(s => s.Calls);
        var connected = series.Sum(s => s.Connected);
        var converted = series.Sum(s => s.Converted);
        var billed = series.Sum(s => s.BilledSeconds);
        var totals = new DashboardTotalsDto(calls, connected, converted, connected == 0 ? 0 : Math.Round((double)converted / connected, 4),
            calls == 0 ? 0 : Math.Round((double)connected / calls, 4), billed, Pricing.Minutes(billed), series.Sum(s => s.AmountBilled));
        return new DashboardDto(from, to, query.CampaignId, currency, totals, series, credit?.BalanceSeconds ?? 0, credit?.HeldSeconds ?? 0,
            (credit?.BalanceSeconds ?? 0) - (credit?.HeldSeconds ?? 0));
    }

    /// <summary>The dashboard's days as CSV: the figures behind its charts.</summary>
    public static string Csv(DashboardDto d)
    {
        static string N(long n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var lines = new List<string>
        {
            CsvCell.Row(["day", "calls", "connected", "converted", "not_converted", "voicemail", "no_answer", "busy", "failed", "conversion_rate",
                "minutes_billed", "amount_billed", "currency", "balance_minutes_end_of_day"]),
        };
        lines.AddRange(d.Days.Select(x => CsvCell.Row([$"{x.Day:yyyy-MM-dd}", N(x.Calls), N(x.Connected), N(x.Converted), N(x.NotConverted), N(x.Voicemail),
            N(x.NoAnswer), N(x.Busy), N(x.Failed), x.ConversionRate?.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture) ?? "",
            Pricing.Minutes(x.BilledSeconds).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
            x.AmountBilled.ToString(System.Globalization.CultureInfo.InvariantCulture), d.Currency,
            x.BalanceSeconds is { } b ? Pricing.Minutes(b).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) : ""])));
        return string.Concat(lines);
    }
}

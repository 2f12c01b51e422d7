using System.ComponentModel.DataAnnotations;
using System.Globalization;
using ConvoMono.Features.Calls;
using ConvoMono.Features.Credits;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Analytics;

/// <summary>A calendar month (UTC) as <c>YYYY-MM</c>; default: the current month.</summary>
public sealed record StatementQuery : IValidatableObject
{
    [FromQuery(Name = "month")] public string? Month { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (Month is not null && !TryParse(Month, out _)) yield return new ValidationResult("month is YYYY-MM, e.g. 2026-11.", ["month"]);
    }

    public static bool TryParse(string value, out DateOnly first) =>
        DateOnly.TryParseExact(value + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out first);
}

public sealed record StatementCampaignDto(Guid CampaignId, string? Name, long Calls, long BilledSeconds, decimal MinutesBilled, decimal AmountBilled);

/// <summary>A client's usage for one month: minutes granted (and adjusted), used and remaining, the balance at the
/// start and end of the month, what is held now (current month only), what the client paid, and what each campaign
/// billed. Minutes are from the ledger; amounts per campaign from the calls that ended in the month.</summary>
public sealed record StatementDto(
    Guid ClientId, string ClientName, string Month, string Currency, long OpeningBalanceSeconds, long GrantedSeconds, long AdjustedSeconds,
    long UsedSeconds, long ClosingBalanceSeconds, long? HeldSeconds, long RemainingSeconds, decimal MinutesGranted, decimal MinutesUsed,
    decimal MinutesRemaining, decimal? AmountPaid, IReadOnlyList<StatementCampaignDto> Campaigns, decimal AmountBilled, DateTime GeneratedAt);

public sealed class UsageStatementHandler(TenantDbFactory tenants, TimeProvider clock)
{
    public async Task<StatementDto?> HandleAsync(Guid clientId, StatementQuery query, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var month = query.Month is { } m && StatementQuery.TryParse(m, out var parsed) ? parsed : new DateOnly(now.Year, now.Month, 1);
        var start = month.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = start.AddMonths(1);
        await using var db = tenants.For(clientId);
        var client = await db.Clients.AsNoTracking().Where(c => c.Id == clientId).Select(c => new { c.Name, c.Currency }).FirstOrDefaultAsync(ct);
        if (client is null) return null;

        CreditEntryKind[] balanceKinds = [CreditEntryKind.Grant, CreditEntryKind.Adjust, CreditEntryKind.Consume];
        var opening = await db.CreditEntries.Where(e => balanceKinds.Contains(e.Kind) && e.CreatedAt < start).SumAsync(e => e.Seconds, ct);
        var inMonth = await db.CreditEntries.Where(e => balanceKinds.Contains(e.Kind) && e.CreatedAt >= start && e.CreatedAt < end)
            .GroupBy(e => e.Kind).Select(g => new { Kind = g.Key, Seconds = g.Sum(e => e.Seconds), Paid = g.Sum(e => e.AmountPaid ?? 0) })
            .ToListAsync(ct);
        long Of(CreditEntryKind kind) => inMonth.Where(x => x.Kind == kind).Sum(x => x.Seconds);
        var (granted, adjusted, used) = (Of(CreditEntryKind.Grant), Of(CreditEntryKind.Adjust), -Of(CreditEntryKind.Consume));
        var paid = inMonth.Where(x => x.Kind == CreditEntryKind.Grant).Sum(x => x.Paid);
        var closing = opening + granted + adjusted - used;
        long? held = now >= start && now < end ? (await db.ClientCredits.AsNoTracking().Select(c => (long?)c.HeldSeconds).FirstOrDefaultAsync(ct) ?? 0) : null;

        var first = DateOnly.FromDateTime(start);
        var last = DateOnly.FromDateTime(end).AddDays(-1);
        var perCampaign = await db.CallDayStats.AsNoTracking().Where(s => s.Day >= first && s.Day <= last).GroupBy(s => s.CampaignId)
            .Select(g => new { CampaignId = g.Key, Calls = g.Sum(s => s.Calls), Billed = g.Sum(s => s.BilledSeconds), Micros = g.Sum(s => s.BilledMicros) })
            .ToListAsync(ct);
        var ids = perCampaign.Select(c => c.CampaignId).ToList();
        var names = await db.Campaigns.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var campaigns = perCampaign.OrderByDescending(c => c.Micros).ThenBy(c => names.GetValueOrDefault(c.CampaignId))
            .Select(c => new StatementCampaignDto(c.CampaignId, names.GetValueOrDefault(c.CampaignId), c.Calls, c.Billed, Pricing.Minutes(c.Billed), CallDayStat.Money(c.Micros)))
            .ToList();
        var remaining = closing - (held ?? 0);
        return new StatementDto(clientId, client.Name, $"{month:yyyy-MM}", client.Currency, opening, granted, adjusted, used, closing, held, remaining,
            Pricing.Minutes(granted + adjusted), Pricing.Minutes(used), Pricing.Minutes(remaining), paid == 0 ? null : paid, campaigns,
            campaigns.Sum(c => c.AmountBilled), now);
    }

    public static string Csv(StatementDto s)
    {
        var lines = new List<string>
        {
            CsvCell.Row(["statement", CsvCell.Of(s.ClientName), s.Month, s.Currency]),
            CsvCell.Row(["opening_balance_minutes", Minutes(s.OpeningBalanceSeconds)]),
            CsvCell.Row(["granted_minutes", Minutes(s.GrantedSeconds)]),
            CsvCell.Row(["adjusted_minutes", Minutes(s.AdjustedSeconds)]),
            CsvCell.Row(["used_minutes", Minutes(s.UsedSeconds)]),
            CsvCell.Row(["closing_balance_minutes", Minutes(s.ClosingBalanceSeconds)]),
            CsvCell.Row(["held_minutes", s.HeldSeconds is { } h ? Minutes(h) : ""]),
            CsvCell.Row(["remaining_minutes", Minutes(s.RemainingSeconds)]),
            CsvCell.Row(["amount_paid", s.AmountPaid?.ToString(CultureInfo.InvariantCulture) ?? ""]),
            "\r\n",
            CsvCell.Row(["campaign", "calls", "minutes_billed", "amount_billed"]),
        };
        lines.AddRange(s.Campaigns.Select(c => CsvCell.Row([CsvCell.Of(c.Name), c.Calls.ToString(CultureInfo.InvariantCulture),
            c.MinutesBilled.ToString("0.00", CultureInfo.InvariantCulture), c.AmountBilled.ToString(CultureInfo.InvariantCulture)])));
        lines.Add(CsvCell.Row(["total", s.Campaigns.Sum(c => c.Calls).ToString(CultureInfo.InvariantCulture), "", s.AmountBilled.ToString(CultureInfo.InvariantCulture)]));
        return string.Concat(lines);
    }

    private static string Minutes(long seconds) => Pricing.Minutes(seconds).ToString("0.00", CultureInfo.InvariantCulture);
}

using System.ComponentModel.DataAnnotations;
using ConvoMono.Features.Calls;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Credits;

public sealed record LedgerQuery : IValidatableObject
{
    [FromQuery(Name = "kind"), AllowedValues(null, "grant", "adjust", "reserve", "consume", "release",
        ErrorMessage = "The kind must be grant, adjust, reserve, consume or release.")]
    public string? Kind { get; init; }
    [FromQuery(Name = "campaign_id")] public Guid? CampaignId { get; init; }
    /// <summary>Entries at or after this instant (UTC).</summary>
    [FromQuery(Name = "from")] public DateTime? From { get; init; }
    /// <summary>Entries before this instant (UTC).</summary>
    [FromQuery(Name = "to")] public DateTime? To { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext context) => CallFilters.CheckRange(From, To);
}

public sealed record LedgerCampaign(Guid Id, string Name);

public sealed record BurnDownDay(DateOnly Day, long AvailableSeconds, long BalanceSeconds, long ConsumedSeconds, long GrantedSeconds);

/// <summary>Reads of one client's ledger: newest first with filters, and the daily burn-down.</summary>
public sealed class ListLedgerHandler(TenantDbFactory dbs, TimeProvider clock)
{
    public async Task<Page<CreditEntryDto>> HandleAsync(Guid tenantId, LedgerQuery filter, PageQuery page, CancellationToken ct)
    {
        await using var db = dbs.For(tenantId);
        var query = db.CreditEntries.AsNoTracking();
        if (filter.Kind is not null)
        {
            var kind = Enum.Parse<CreditEntryKind>(filter.Kind, ignoreCase: true);
            query = query.Where(e => e.Kind == kind);
        }
        if (filter.CampaignId is { } campaign) query = query.Where(e => e.CampaignId == campaign);
        if (filter.From is { } from) { var f = CallFilters.Utc(from); query = query.Where(e => e.CreatedAt >= f); }
        if (filter.To is { } to) { var t = CallFilters.Utc(to); query = query.Where(e => e.CreatedAt < t); }
        if (page.After is { } after) query = query.Where(e => e.Id.CompareTo(after) < 0);
        var rows = await query.OrderByDescending(e => e.Id).Take(page.Take + 1).ToListAsync(ct);
        return Paging.ToPage(rows.Select(e => e.ToDto()).ToList(), page, e => e.Id);
    }

    /// <summary>Available and balance at the end of each of the last <paramref name="days"/> days, with what was
    /// consumed and granted that day. Days are the client's calendar days, in its time zone: a call at 22:00 in New York
    /// belongs to that evening, not to the next UTC day.</summary>
    public async Task<IReadOnlyList<BurnDownDay>> BurnDownAsync(Guid tenantId, int days, CancellationToken ct)
    {
        await using var db = dbs.For(tenantId);
        var zone = await TimeZoneAsync(db, tenantId, ct);
        var today = ClientDays.DayOf(clock.GetUtcNow().UtcDateTime, zone);
        var first = today.AddDays(1 - days);
        var start = ClientDays.StartUtc(first, zone);
        var before = await db.CreditEntries.Where(e => e.CreatedAt < start)
            .GroupBy(e => e.Kind).Select(g => new { Kind = g.Key, Seconds = g.Sum(e => e.Seconds) }).ToListAsync(ct);
        // Summed per UTC quarter hour in SQL (SQLite knows no time zones), then put on the client's days here: every
        // zone's offset is a whole number of quarter hours, so no quarter hour straddles a local midnight.
        var quarters = await db.CreditEntries.Where(e => e.CreatedAt >= start)
            .GroupBy(e => new { e.CreatedAt.Date, e.CreatedAt.Hour, Quarter = e.CreatedAt.Minute / 15, e.Kind })
            .Select(g => new { g.Key.Date, g.Key.Hour, g.Key.Quarter, g.Key.Kind, Seconds = g.Sum(e => e.Seconds) }).ToListAsync(ct);
        var perDay = quarters.ToLookup(
            q => ClientDays.DayOf(DateTime.SpecifyKind(q.Date, DateTimeKind.Utc).AddMinutes(q.Hour * 60 + q.Quarter * 15), zone),
            q => (q.Kind, q.Seconds));

        long available = before.Sum(b => b.Seconds);
        long balance = before.Where(b => IsBalance(b.Kind)).Sum(b => b.Seconds);
        var result = new List<BurnDownDay>(days);
        for (var day = first; day <= today; day = day.AddDays(1))
        {
            var rows = perDay[day].ToList();
            available += rows.Sum(r => r.Seconds);
            balance += rows.Where(r => IsBalance(r.Kind)).Sum(r => r.Seconds);
            result.Add(new BurnDownDay(day, available, balance,
                -rows.Where(r => r.Kind == CreditEntryKind.Consume).Sum(r => r.Seconds),
                rows.Where(r => r.Kind is CreditEntryKind.Grant or CreditEntryKind.Adjust).Sum(r => r.Seconds)));
        }
        return result;
    }

    /// <summary>The client's campaigns, newest first, to filter its ledger by.</summary>
    public async Task<IReadOnlyList<LedgerCampaign>> CampaignsAsync(Guid tenantId, CancellationToken ct)
    {
        await using var db = dbs.For(tenantId);
        return await db.Campaigns.AsNoTracking().OrderByDescending(c => c.Id).Take(PageQuery.MaxLimit)
            .Select(c => new LedgerCampaign(c.Id, c.Name)).ToListAsync(ct);
    }

    /// <summary>The client's time zone, in which its ledger's days are counted and shown.</summary>
    public async Task<TimeZoneInfo> TimeZoneAsync(Guid tenantId, CancellationToken ct)
    {
        await using var db = dbs.For(tenantId);
        return await TimeZoneAsync(db, tenantId, ct);
    }

    private static async Task<TimeZoneInfo> TimeZoneAsync(AppDbContext db, Guid tenantId, CancellationToken ct) =>
        ClientDays.Zone(await db.Clients.AsNoTracking().Where(c => c.Id == tenantId).Select(c => c.TimeZone).FirstOrDefaultAsync(ct));

    private static bool IsBalance(CreditEntryKind kind) => kind is CreditEntryKind.Grant or CreditEntryKind.Adjust or CreditEntryKind.Consume;
}

/// <summary>A client's calendar days: they start at midnight in the client's time zone.</summary>
public static class ClientDays
{
    public static TimeZoneInfo Zone(string? ianaId) =>
        ianaId is not null && TimeZoneInfo.TryFindSystemTimeZoneById(ianaId, out var zone) ? zone : TimeZoneInfo.Utc;

    public static DateOnly DayOf(DateTime utc, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, zone));

    /// <summary>The instant (UTC) the day starts: its first midnight where clocks go back at midnight, and its first
    /// existing minute where they jump over it.</summary>
    public static DateTime StartUtc(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(15);
        if (zone.IsAmbiguousTime(local)) return new DateTimeOffset(local, zone.GetAmbiguousTimeOffsets(local).Max()).UtcDateTime;
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }
}

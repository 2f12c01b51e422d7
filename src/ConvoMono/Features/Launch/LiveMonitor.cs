using ConvoMono.Features.Calls;
using ConvoMono.Features.Campaigns;
using ConvoMono.Features.Credits;
using ConvoMono.Features.Leads;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Launch;

/// <summary>A call still being placed or talked: <c>Since</c> is when it connected, else when it was sent.</summary>
public sealed record LiveCallDto(Guid Id, string ToNumber, CallStatus Status, int Attempt, DateTime Since);

/// <summary>An ended call. <c>Outcome</c> is null while a connected call waits for its analysis.</summary>
public sealed record EndedCallDto(Guid Id, string ToNumber, CallOutcome? Outcome, int Attempt, DateTime? EndedAt, int? DurationSeconds,
    long? BilledSeconds, decimal? BilledAmount, string Currency);

/// <summary>Billed seconds of the campaign's calls that ended before <c>At</c>.</summary>
public sealed record BurnDownPoint(DateTime At, long BilledSeconds, decimal BilledMinutes);

/// <summary>The tenant's credit, and what of it is held for this campaign (its reservation plus its calls' holds).</summary>
public sealed record CampaignCreditDto(long AvailableSeconds, decimal AvailableMinutes, long HeldSeconds, decimal HeldMinutes,
    long CampaignHeldSeconds, decimal CampaignHeldMinutes, bool LowBalance);

public sealed record LiveMonitorDto(
    CampaignDto Campaign, CampaignStatsDto Stats, long LeadsDone, IReadOnlyList<LiveCallDto> InProgress, IReadOnlyList<EndedCallDto> Recent,
    CampaignCreditDto Credit, IReadOnlyList<BurnDownPoint> BurnDown, int BucketMinutes, string TimeZone);

/// <summary>Everything the live monitor of one campaign shows, in one read: the campaign and its stats, the calls in
/// progress, the last ended calls, the credit, and the cumulative billed minutes since launch in time buckets.</summary>
public sealed class LiveMonitorHandler(IDbContextFactory<AppDbContext> dbs, CampaignStatsHandler stats, CreditLedger ledger, TenantContext caller,
    TimeProvider clock)
{
    public const int InProgressLimit = 50, RecentLimit = 20, MaxPoints = 120;
    private static readonly int[] BucketSizes = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440];

    public async Task<LiveMonitorDto?> HandleAsync(Guid campaignId, CancellationToken ct)
    {
        var campaign = await CampaignQueries.GetAsync(dbs, campaignId, ct);
        if (campaign is null) return null;
        var tenantId = caller.TenantId!.Value;
        var campaignStats = (await stats.HandleAsync(campaignId, ct))!;
        await using var db = await dbs.CreateDbContextAsync(ct);

        var inProgress = await db.Calls.AsNoTracking()
            .Where(c => c.CampaignId == campaignId && c.Status != CallStatus.Ended && c.Status != CallStatus.Analyzed)
            .OrderBy(c => c.StartedAt ?? c.DispatchedAt ?? c.CreatedAt).ThenBy(c => c.Id).Take(InProgressLimit)
            .Select(c => new LiveCallDto(c.Id, c.ToNumber, c.Status, c.Attempt, c.StartedAt ?? c.DispatchedAt ?? c.CreatedAt))
            .ToListAsync(ct);
        var recent = await db.Calls.AsNoTracking()
            .Where(c => c.CampaignId == campaignId && (c.Status == CallStatus.Ended || c.Status == CallStatus.Analyzed))
            .OrderByDescending(c => c.EndedAt).ThenByDescending(c => c.Id).Take(RecentLimit)
            .Select(c => new EndedCallDto(c.Id, c.ToNumber, c.Outcome, c.Attempt, c.EndedAt, c.DurationSeconds, c.BilledSeconds, c.BilledAmount, c.Currency))
            .ToListAsync(ct);

        // Billed seconds per minute of the calls' end, summed by the database; the buckets are cut from these.
        var perMinute = await db.Calls.AsNoTracking()
            .Where(c => c.CampaignId == campaignId && c.BilledSeconds > 0 && c.EndedAt != null)
            .GroupBy(c => new { c.EndedAt!.Value.Year, c.EndedAt.Value.Month, c.EndedAt.Value.Day, c.EndedAt.Value.Hour, c.EndedAt.Value.Minute })
            .Select(g => new { g.Key.Year, g.Key.Month, g.Key.Day, g.Key.Hour, g.Key.Minute, Seconds = g.Sum(c => c.BilledSeconds ?? 0) })
            .ToListAsync(ct);
        var billed = perMinute.Select(m => (new DateTime(m.Year, m.Month, m.Day, m.Hour, m.Minute, 0, DateTimeKind.Utc), m.Seconds)).ToList();
        var (burnDown, bucketMinutes) = campaign.LaunchedAt is { } launchedAt
            ? BurnDown(launchedAt, campaign.FinishedAt ?? clock.GetUtcNow().UtcDateTime, billed)
            : ([], 1);

        var balance = await ledger.GetBalanceAsync(tenantId, ct);
        var campaignHeld = await db.CreditHolds.AsNoTracking().Where(h => h.CampaignId == campaignId && !h.Closed)
            .SumAsync(h => (long?)h.RemainingSeconds, ct) ?? 0;
        var zone = await db.Clients.AsNoTracking().Where(c => c.Id == tenantId).Select(c => c.TimeZone).FirstAsync(ct);

        return new LiveMonitorDto(campaign, campaignStats, LeadsDone(campaignStats), inProgress, recent,
            new CampaignCreditDto(balance.AvailableSeconds, balance.AvailableMinutes, balance.HeldSeconds, balance.HeldMinutes,
                campaignHeld, Pricing.Minutes(campaignHeld), balance.LowBalance),
            burnDown, bucketMinutes, zone);
    }

    /// <summary>Leads in a final status (converted, not converted, exhausted, do-not-call, invalid).</summary>
    public static long LeadsDone(CampaignStatsDto stats) => Enum.GetValues<LeadStatus>().Where(Lead.IsFinal)
        .Sum(s => stats.LeadsByStatus.GetValueOrDefault(System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(s.ToString())));

    /// <summary>Cumulative billed seconds at the end of each bucket from the launch minute to <paramref name="until"/>
    /// (or the last billed minute, for calls that end after a cancel). The bucket is the smallest of
    /// <see cref="BucketSizes"/> that keeps the chart within <see cref="MaxPoints"/>; the first point is the launch, at 0.</summary>
    internal static (IReadOnlyList<BurnDownPoint> Points, int BucketMinutes) BurnDown(DateTime launchedAt, DateTime until,
        IReadOnlyList<(DateTime Minute, long Seconds)> billedPerMinute)
    {
        var start = new DateTime(launchedAt.Ticks - launchedAt.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc);
        var end = billedPerMinute.Count == 0 ? until : new[] { until, billedPerMinute.Max(b => b.Minute).AddMinutes(1) }.Max();
        var spanMinutes = Math.Max(1, (int)Math.Ceiling((end - start).TotalMinutes));
        var bucket = BucketSizes.FirstOrDefault(size => (spanMinutes + size - 1) / size <= MaxPoints, BucketSizes[^1]);
        var buckets = (spanMinutes + bucket - 1) / bucket;

        var ordered = billedPerMinute.OrderBy(b => b.Minute).ToList();
        var points = new List<BurnDownPoint>(buckets + 1) { new(start, 0, 0) };
        long total = 0;
        var next = 0;
        for (var i = 1; i <= buckets; i++)
        {
            var at = start.AddMinutes(i * bucket);
            for (; next < ordered.Count && ordered[next].Minute < at; next++) total += ordered[next].Seconds;
            points.Add(new BurnDownPoint(at, total, Pricing.Minutes(total)));
        }
        return (points, bucket);
    }
}

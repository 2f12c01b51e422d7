using System.Data.Common;
using System.Text;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage;

namespace ConvoMono.Features.Calls;

/// <summary>The ended calls of one campaign on one UTC day (by <see cref="Call.EndedAt"/>), summed: the rollup every
/// report and dashboard reads instead of the calls. Kept up to date in the same transaction as the calls it sums
/// (<see cref="CallStatsRollup"/>), so it always equals what a fresh sum over the calls would give. Money is held in
/// millionths (exact integers on both databases: amounts are rounded to at most six decimals).</summary>
public sealed class CallDayStat : ITenantOwned
{
    public Guid TenantId { get; set; }
    public Guid CampaignId { get; set; }
    public DateOnly Day { get; set; }
    public long Calls { get; set; }
    /// <summary>Calls with connected time (talked to someone or to a voicemail).</summary>
    public long Connected { get; set; }
    public long Converted { get; set; }
    public long NotConverted { get; set; }
    public long NoAnswer { get; set; }
    public long Busy { get; set; }
    public long Voicemail { get; set; }
    public long Failed { get; set; }
    public long DurationSeconds { get; set; }
    public long BilledSeconds { get; set; }
    /// <summary>Billed to the client, in the client's currency, in millionths.</summary>
    public long BilledMicros { get; set; }
    /// <summary>Retell's cost in US dollars, in millionths, over the <see cref="CostedCalls"/> whose cost is known.</summary>
    public long RetellCostMicros { get; set; }
    public long CostedCalls { get; set; }
    /// <summary>Connected seconds of the costed calls: Retell's cost per minute is cost over these.</summary>
    public long CostedSeconds { get; set; }
    public long Analyzed { get; set; }
    public long Successful { get; set; }
    public long PositiveSentiment { get; set; }
    public long NeutralSentiment { get; set; }
    public long NegativeSentiment { get; set; }

    public static decimal Money(long micros) => micros / 1_000_000m;

    public static long Micros(decimal amount) => (long)decimal.Round(amount * 1_000_000m, 0, MidpointRounding.AwayFromZero);
}

public sealed class CallDayStatConfiguration : IEntityTypeConfiguration<CallDayStat>
{
    public void Configure(EntityTypeBuilder<CallDayStat> stat)
    {
        stat.HasKey(s => new { s.TenantId, s.CampaignId, s.Day });
        stat.HasIndex(s => new { s.TenantId, s.Day });
        stat.HasIndex(s => s.Day);
    }
}

/// <summary>What one call adds to its day's row. A call adds nothing until it has ended.</summary>
public sealed record CallStatsDelta(Guid TenantId, Guid CampaignId, DateOnly Day, long[] Values)
{
    /// <summary>The columns of <see cref="CallDayStat"/> after the key, in order; <see cref="Values"/> follows it.</summary>
    public static readonly string[] Columns =
    [
        "calls", "connected", "converted", "not_converted", "no_answer", "busy", "voicemail", "failed", "duration_seconds", "billed_seconds",
        "billed_micros", "retell_cost_micros", "costed_calls", "costed_seconds", "analyzed", "successful", "positive_sentiment",
        "neutral_sentiment", "negative_sentiment",
    ];

    public static CallStatsDelta? Of(Call c)
    {
        if (c.Status < CallStatus.Ended || c.EndedAt is not { } ended) return null;
        long One(bool yes) => yes ? 1 : 0;
        var duration = Math.Max(0, c.DurationSeconds ?? 0);
        var sentiment = c.Sentiment?.ToLowerInvariant();
        return new CallStatsDelta(c.TenantId, c.CampaignId, DateOnly.FromDateTime(ended),
        [
            1, One(duration > 0), One(c.Outcome == CallOutcome.Converted), One(c.Outcome == CallOutcome.NotConverted),
            One(c.Outcome == CallOutcome.NoAnswer), One(c.Outcome == CallOutcome.Busy), One(c.Outcome == CallOutcome.Voicemail),
            One(c.Outcome == CallOutcome.Failed), duration, c.BilledSeconds ?? 0, CallDayStat.Micros(c.BilledAmount ?? 0),
            CallDayStat.Micros(c.RetellCost ?? 0), One(c.RetellCost is not null), c.RetellCost is null ? 0 : duration,
            One(c.AnalyzedAt is not null || c.Sentiment is not null || c.Successful is not null), One(c.Successful == true),
            One(sentiment == "positive"), One(sentiment == "neutral"), One(sentiment == "negative"),
        ]);
    }

    public (Guid, Guid, DateOnly) Key => (TenantId, CampaignId, Day);

    public bool IsZero => Values.All(v => v == 0);

    public CallDayStat ToRow()
    {
        var row = new CallDayStat { TenantId = TenantId, CampaignId = CampaignId, Day = Day };
        var v = Values;
        (row.Calls, row.Connected, row.Converted, row.NotConverted, row.NoAnswer, row.Busy, row.Voicemail, row.Failed) = (v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
        (row.DurationSeconds, row.BilledSeconds, row.BilledMicros, row.RetellCostMicros, row.CostedCalls, row.CostedSeconds) = (v[8], v[9], v[10], v[11], v[12], v[13]);
        (row.Analyzed, row.Successful, row.PositiveSentiment, row.NeutralSentiment, row.NegativeSentiment) = (v[14], v[15], v[16], v[17], v[18]);
        return row;
    }

    public static CallStatsDelta FromRow(CallDayStat r) => new(r.TenantId, r.CampaignId, r.Day,
    [
        r.Calls, r.Connected, r.Converted, r.NotConverted, r.NoAnswer, r.Busy, r.Voicemail, r.Failed, r.DurationSeconds, r.BilledSeconds,
        r.BilledMicros, r.RetellCostMicros, r.CostedCalls, r.CostedSeconds, r.Analyzed, r.Successful, r.PositiveSentiment, r.NeutralSentiment,
        r.NegativeSentiment,
    ]);
}

/// <summary>Keeps <see cref="CallDayStat"/> equal to the sum of its calls. Callers capture each call's contribution
/// before they change it and after, and hand the pairs to <see cref="ApplyAsync"/> inside the transaction that saves the
/// calls: one atomic <c>INSERT … ON CONFLICT DO UPDATE SET x = x + excluded.x</c> per day row touched (both databases
/// speak it), in key order so concurrent writers never deadlock.</summary>
public static class CallStatsRollup
{
    /// <summary>The net change of many (before, after) pairs, summed per day row, zero rows dropped.</summary>
    public static List<CallStatsDelta> Net(IEnumerable<(CallStatsDelta? Before, CallStatsDelta? After)> changes)
    {
        var sums = new Dictionary<(Guid, Guid, DateOnly), long[]>();
        void Add(CallStatsDelta d, int sign)
        {
            if (!sums.TryGetValue(d.Key, out var total)) sums[d.Key] = total = new long[CallStatsDelta.Columns.Length];
            for (var i = 0; i < total.Length; i++) total[i] += sign * d.Values[i];
        }
        foreach (var (before, after) in changes)
        {
            if (before is not null) Add(before, -1);
            if (after is not null) Add(after, +1);
        }
        return sums.Where(s => s.Value.Any(v => v != 0)).OrderBy(s => s.Key)
            .Select(s => new CallStatsDelta(s.Key.Item1, s.Key.Item2, s.Key.Item3, s.Value)).ToList();
    }

    /// <summary>Adds the deltas to their rows (creating missing ones). Must run in the transaction that saves the calls.</summary>
    public static async Task ApplyAsync(AppDbContext db, IReadOnlyList<CallStatsDelta> deltas, CancellationToken ct)
    {
        if (deltas.Count == 0) return;
        if (db.Database.CurrentTransaction is null) throw new InvalidOperationException("The call rollup must change in the calls' transaction.");
        var mappings = db.GetService<IRelationalTypeMappingSource>();
        var connection = db.Database.GetDbConnection();
        var columns = CallStatsDelta.Columns;
        var sql = new StringBuilder("INSERT INTO call_day_stats (tenant_id, campaign_id, day, ")
            .Append(string.Join(", ", columns)).Append(") VALUES (@t, @c, @d");
        for (var i = 0; i < columns.Length; i++) sql.Append(", @v").Append(i);
        sql.Append(") ON CONFLICT (tenant_id, campaign_id, day) DO UPDATE SET ")
            .Append(string.Join(", ", columns.Select(c => $"{c} = call_day_stats.{c} + excluded.{c}")));
        foreach (var delta in deltas)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction.GetDbTransaction();
            command.CommandText = sql.ToString();
            command.Parameters.Add(Parameter(mappings, command, "t", delta.TenantId));
            command.Parameters.Add(Parameter(mappings, command, "c", delta.CampaignId));
            command.Parameters.Add(Parameter(mappings, command, "d", delta.Day));
            for (var i = 0; i < columns.Length; i++) command.Parameters.Add(Parameter(mappings, command, "v" + i, delta.Values[i]));
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Saves the tracked calls and their rollup change in one transaction. <paramref name="before"/> holds each
    /// tracked call's contribution as it was read.</summary>
    public static async Task SaveAsync(AppDbContext db, IReadOnlyDictionary<Guid, CallStatsDelta?> before, CancellationToken ct)
    {
        var changed = db.ChangeTracker.Entries<Call>().Where(e => e.State is EntityState.Modified or EntityState.Added).Select(e => e.Entity).ToList();
        if (changed.Count == 0)
        {
            await db.SaveChangesAsync(ct);
            return;
        }
        var own = db.Database.CurrentTransaction is null;
        await using var tx = own ? await db.Database.BeginTransactionAsync(ct) : null;
        // Modified calls as one batch of guarded UPDATEs (the webhook processor's hot path), anything else as usual.
        await RowWriter.UpdateModifiedAsync<Call>(db, ct);
        await db.SaveChangesAsync(ct);
        // After the save: a new call gets its client stamped there.
        await ApplyAsync(db, Net(changed.Select(c => (before.GetValueOrDefault(c.Id), CallStatsDelta.Of(c)))), ct);
        if (tx is not null) await tx.CommitAsync(ct);
    }

    /// <summary>The rollup a fresh sum over the calls gives (for one client, or all): to check the maintained one, and
    /// to rebuild it (<see cref="RebuildAsync"/>).</summary>
    public static async Task<Dictionary<(Guid, Guid, DateOnly), CallStatsDelta>> FromCallsAsync(AppDbContext db, Guid? tenantId, CancellationToken ct)
    {
        var calls = db.Calls.IgnoreQueryFilters().AsNoTracking().Where(c => (c.Status == CallStatus.Ended || c.Status == CallStatus.Analyzed) && c.EndedAt != null);
        if (tenantId is { } t) calls = calls.Where(c => c.TenantId == t);
        var sums = new Dictionary<(Guid, Guid, DateOnly), long[]>();
        await foreach (var c in calls.Select(c => new Call
                       {
                           Id = c.Id, TenantId = c.TenantId, CampaignId = c.CampaignId, Status = c.Status, Outcome = c.Outcome, EndedAt = c.EndedAt,
                           AnalyzedAt = c.AnalyzedAt, DurationSeconds = c.DurationSeconds, BilledSeconds = c.BilledSeconds, BilledAmount = c.BilledAmount,
                           RetellCost = c.RetellCost, Sentiment = c.Sentiment, Successful = c.Successful,
                       }).AsAsyncEnumerable().WithCancellation(ct))
        {
            var d = CallStatsDelta.Of(c)!;
            if (!sums.TryGetValue(d.Key, out var total)) sums[d.Key] = total = new long[CallStatsDelta.Columns.Length];
            for (var i = 0; i < total.Length; i++) total[i] += d.Values[i];
        }
        return sums.ToDictionary(s => s.Key, s => new CallStatsDelta(s.Key.Item1, s.Key.Item2, s.Key.Item3, s.Value));
    }

    /// <summary>The maintained rollup's rows (for one client, or all), without empty ones.</summary>
    public static async Task<Dictionary<(Guid, Guid, DateOnly), CallStatsDelta>> StoredAsync(AppDbContext db, Guid? tenantId, CancellationToken ct)
    {
        var rows = db.Set<CallDayStat>().IgnoreQueryFilters().AsNoTracking();
        if (tenantId is { } t) rows = rows.Where(r => r.TenantId == t);
        return (await rows.ToListAsync(ct)).Select(CallStatsDelta.FromRow).Where(d => !d.IsZero).ToDictionary(d => d.Key);
    }

    /// <summary>Replaces the rollup with a fresh sum over the calls (all clients). For a database filled outside the
    /// platform (the benchmark's generator) or restored from a backup older than its calls.</summary>
    public static async Task RebuildAsync(AppDbContext db, CancellationToken ct)
    {
        // Writers that save calls meanwhile wait at their rollup step (PostgreSQL: the table lock; SQLite: the one writer), so
        // their change lands on top of the rebuilt rows, not under them.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true)
            await db.Database.ExecuteSqlRawAsync("LOCK TABLE call_day_stats IN SHARE ROW EXCLUSIVE MODE", ct);
        var fresh = await FromCallsAsync(db, null, ct);
        await db.Set<CallDayStat>().IgnoreQueryFilters().ExecuteDeleteAsync(ct);
        foreach (var chunk in fresh.Values.Chunk(1_000))
        {
            db.Set<CallDayStat>().AddRange(chunk.Select(d => d.ToRow()));
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        await tx.CommitAsync(ct);
    }

    private static DbParameter Parameter<T>(IRelationalTypeMappingSource mappings, DbCommand command, string name, T value) =>
        mappings.FindMapping(typeof(T))!.CreateParameter(command, name, value, nullable: false);
}

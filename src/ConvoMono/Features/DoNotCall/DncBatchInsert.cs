using System.Text;
using ConvoMono.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.DoNotCall;

/// <summary>Multi-row inserts for bulk imports (lists reach 100k+ numbers). <c>ON CONFLICT DO NOTHING</c> (SQLite and
/// PostgreSQL alike) skips numbers already listed, also ones a concurrent request just added, and the affected-row
/// count says how many were new. Parameters go through EF's type mappings, so ids and times are stored exactly as
/// EF stores them.</summary>
public static class DncBatchInsert
{
    public const int BatchSize = 1000; // 3 parameters a row: well under SQLite's 32,766 and PostgreSQL's 65,535

    /// <summary>Inserts into the client's list when <paramref name="tenantId"/> is set, else into the platform's.</summary>
    public static async Task<int> InsertAsync(AppDbContext db, Guid? tenantId, IReadOnlyList<long> keys, DncSource source, DateTime now, CancellationToken ct)
    {
        var added = 0;
        for (var start = 0; start < keys.Count; start += BatchSize)
        {
            var count = Math.Min(BatchSize, keys.Count - start);
            var args = new List<object> { source.ToString(), now };
            var sql = new StringBuilder(tenantId is null
                ? "INSERT INTO platform_dnc_entries (id, phone_number, source, created_at) VALUES "
                : "INSERT INTO dnc_entries (id, tenant_id, phone_number, source, created_at) VALUES ");
            if (tenantId is { } tenant) args.Add(tenant);
            for (var i = 0; i < count; i++)
            {
                if (i > 0) sql.Append(',');
                var at = args.Count;
                sql.Append(tenantId is null ? $"({{{at}}}, {{{at + 1}}}, {{0}}, {{1}})" : $"({{{at}}}, {{2}}, {{{at + 1}}}, {{0}}, {{1}})");
                args.Add(Guid.CreateVersion7());
                args.Add("+" + keys[start + i].ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            sql.Append(" ON CONFLICT DO NOTHING");
            added += await db.Database.ExecuteSqlRawAsync(sql.ToString(), args, ct);
        }
        return added;
    }
}

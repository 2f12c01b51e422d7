using ConvoMono.Features.Credits;
using ConvoMono.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConvoMono.Tests.Support;

/// <summary>Reads a client's credit straight from the database: the totals row and the ledger's sums.</summary>
public static class LedgerProbe
{
    public sealed record Totals(long RowBalance, long RowHeld, long LedgerBalance, long LedgerHeld, long LedgerAvailable, int Consumes);

    public static async Task<Totals> ReadAsync(TestAppFactory factory, Guid tenantId)
    {
        await using var db = factory.Services.GetRequiredService<TenantDbFactory>().For(tenantId);
        var row = await db.ClientCredits.AsNoTracking().SingleAsync();
        var sums = await db.CreditEntries.GroupBy(e => e.Kind).Select(g => new { g.Key, Seconds = g.Sum(e => e.Seconds), Count = g.Count() }).ToListAsync();
        long Sum(params CreditEntryKind[] kinds) => sums.Where(s => kinds.Contains(s.Key)).Sum(s => s.Seconds);
        return new Totals(row.BalanceSeconds, row.HeldSeconds,
            Sum(CreditEntryKind.Grant, CreditEntryKind.Adjust, CreditEntryKind.Consume),
            -Sum(CreditEntryKind.Reserve, CreditEntryKind.Release),
            sums.Sum(s => s.Seconds),
            sums.Where(s => s.Key == CreditEntryKind.Consume).Sum(s => s.Count));
    }

    /// <summary>The totals row equals the ledger's sums, and available is not negative.</summary>
    public static async Task<Totals> AssertConsistentAsync(TestAppFactory factory, Guid tenantId)
    {
        var t = await ReadAsync(factory, tenantId);
        Assert.Equal(t.LedgerBalance, t.RowBalance);
        Assert.Equal(t.LedgerHeld, t.RowHeld);
        Assert.Equal(t.LedgerAvailable, t.RowBalance - t.RowHeld);
        Assert.True(t.RowBalance - t.RowHeld >= 0, $"available went negative: {t}");
        return t;
    }
}

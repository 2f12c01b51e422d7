using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Phones;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.DoNotCall;

/// <summary>Which numbers a client may not call: its own list and the platform's. Used by the lead importer (the whole
/// set, once per import) and the dialer (just the numbers of the next wave). Works outside a request: the tenant is
/// named, not taken from the caller.</summary>
public sealed class DncLookup(TenantDbFactory tenants, TimeProvider clock)
{
    private const int ChunkSize = 500;

    /// <summary>Both lists as <see cref="PhoneNormalizer.Key"/> longs, streamed without tracking.</summary>
    public async Task<HashSet<long>> BlockedKeysAsync(Guid tenantId, CancellationToken ct)
    {
        await using var db = tenants.For(tenantId);
        var keys = new HashSet<long>();
        await foreach (var number in db.DncEntries.AsNoTracking().Select(e => e.PhoneNumber).AsAsyncEnumerable().WithCancellation(ct))
            keys.Add(PhoneNormalizer.Key(number));
        await foreach (var number in db.PlatformDncEntries.AsNoTracking().Select(e => e.PhoneNumber).AsAsyncEnumerable().WithCancellation(ct))
            keys.Add(PhoneNormalizer.Key(number));
        return keys;
    }

    /// <summary>The numbers among <paramref name="e164s"/> that are on the client's or the platform's list.</summary>
    public async Task<HashSet<string>> BlockedAsync(Guid tenantId, IReadOnlyCollection<string> e164s, CancellationToken ct)
    {
        var blocked = new HashSet<string>(StringComparer.Ordinal);
        if (e164s.Count == 0) return blocked;
        await using var db = tenants.For(tenantId);
        foreach (var chunk in e164s.Distinct(StringComparer.Ordinal).Chunk(ChunkSize))
        {
            blocked.UnionWith(await db.DncEntries.AsNoTracking().Where(e => chunk.Contains(e.PhoneNumber)).Select(e => e.PhoneNumber).ToListAsync(ct));
            blocked.UnionWith(await db.PlatformDncEntries.AsNoTracking().Where(e => chunk.Contains(e.PhoneNumber)).Select(e => e.PhoneNumber).ToListAsync(ct));
        }
        return blocked;
    }

    /// <summary>Puts a number on the client's list because the lead asked not to be called again (source <c>call</c>).
    /// Idempotent: false when it was already listed, whatever the first source.</summary>
    public async Task<bool> AddFromCallAsync(Guid tenantId, string e164, string? reason, CancellationToken ct)
    {
        if (PhoneNormalizer.ToE164(e164, DncRules.NoCountry) != e164)
            throw new ArgumentException($"Not an E.164 number: {e164}", nameof(e164));
        await using var db = tenants.For(tenantId);
        if (await db.DncEntries.AnyAsync(e => e.PhoneNumber == e164, ct)) return false;
        db.DncEntries.Add(new DncEntry
        {
            PhoneNumber = e164, Source = DncSource.Call, Reason = reason?.Length > 200 ? reason[..200] : reason,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await db.DncEntries.AnyAsync(e => e.PhoneNumber == e164, ct)) return false; // a concurrent event added it first
            throw;
        }
    }
}

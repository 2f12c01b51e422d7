using ConvoMono.Features.Audit;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Realtime;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Branding;

public sealed record BrandingDto(string PlatformName, string PrimaryColor, bool HasLogo, DateTime UpdatedAt)
{
    public string LogoUrl => HasLogo ? $"/branding/logo?v={UpdatedAt.Ticks}" : DefaultLogoUrlFor(PrimaryColor);
    public string FaviconUrl => LogoUrl;

    /// <summary>The built-in logo drawn in <paramref name="color"/> (#RRGGBB).</summary>
    public static string DefaultLogoUrlFor(string color) => $"/branding/default-logo.svg?color={color.TrimStart('#').ToUpperInvariant()}";
}

/// <summary>Reads the brand for every page (cached; another instance's change shows within the cache time) and
/// lets the super admin change it.</summary>
public sealed class BrandingService(IServiceScopeFactory scopes, TimeProvider clock, LiveNotifier live)
{
    public const string ChangedEvent = "branding.changed";

    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private (BrandingDto Value, DateTime At)? _cached;

    public async Task<BrandingDto> GetAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_cached is { } c && now - c.At < CacheFor) return c.Value;
        await using var scope = scopes.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);
        var row = await db.Branding.AsNoTracking()
            .Select(b => new BrandingDto(b.PlatformName, b.PrimaryColor, b.Logo != null, b.UpdatedAt)).FirstOrDefaultAsync(ct);
        var value = row ?? new BrandingDto(PlatformBranding.DefaultName, PlatformBranding.DefaultColor, false, DateTime.MinValue);
        _cached = (value, now);
        return value;
    }

    public async Task<(byte[] Bytes, string ContentType)?> GetLogoAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);
        var row = await db.Branding.AsNoTracking().Where(b => b.Logo != null).Select(b => new { b.Logo, b.LogoContentType }).FirstOrDefaultAsync(ct);
        return row is null ? null : (row.Logo!, row.LogoContentType!);
    }

    /// <summary>Changes name and colour, and the logo when <paramref name="logo"/> is given (empty array removes it).</summary>
    public async Task<BrandingDto> UpdateAsync(TenantContext actor, string name, string color, byte[]? logo, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);
        var row = await db.Branding.FirstOrDefaultAsync(ct);
        if (row is null) db.Branding.Add(row = PlatformBranding.Default());
        var before = new { row.PlatformName, row.PrimaryColor, has_logo = row.Logo != null };
        row.Change(name, color, now);
        if (logo is { Length: 0 }) row.RemoveLogo(now);
        else if (logo is not null) row.SetLogo(logo, now);
        db.AuditEntries.Add(AuditEntry.Record(actor, "branding.updated", "branding", PlatformBranding.SingletonId, null, before,
            new { row.PlatformName, row.PrimaryColor, has_logo = row.Logo != null }, now));
        await db.SaveChangesAsync(ct);
        _cached = null;
        live.Publish(new LiveEvent(ChangedEvent, null, Everyone: true));
        return await GetAsync(ct);
    }
}

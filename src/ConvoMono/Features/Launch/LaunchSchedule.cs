using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Launch;

/// <summary>The caller's client time zone (IANA): the default zone of a scheduled launch and of the times the launch
/// pages show.</summary>
public sealed class ClientTimeZoneHandler(IDbContextFactory<AppDbContext> dbs, TenantContext caller)
{
    public async Task<string> HandleAsync(CancellationToken ct)
    {
        var tenantId = caller.TenantId!.Value;
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.Clients.AsNoTracking().Where(c => c.Id == tenantId).Select(c => c.TimeZone).FirstAsync(ct);
    }
}

/// <summary>Time zones and local times at the UI edge (instants are stored in UTC).</summary>
public static class LaunchTimes
{
    /// <summary>IANA zones of the form Region/City, plus UTC, sorted: what a scheduled launch may name.</summary>
    public static readonly IReadOnlyList<string> Zones = TimeZoneInfo.GetSystemTimeZones()
        .Select(z => TimeZoneInfo.TryConvertWindowsIdToIanaId(z.Id, out var iana) ? iana : z.Id)
        .Where(id => id.Contains('/') && !id.StartsWith("Etc/", StringComparison.Ordinal) && !id.StartsWith("SystemV/", StringComparison.Ordinal))
        .Append("UTC").Distinct().Order(StringComparer.Ordinal).ToList();

    public static TimeZoneInfo Zone(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    public static DateTime Local(DateTime utc, string? zoneId) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone(zoneId));

    /// <summary>e.g. "Tue 24 Nov 09:00 (America/New_York)", or without the zone.</summary>
    public static string Format(DateTime utc, string? zoneId, bool withZone = true) =>
        Local(utc, zoneId).ToString("ddd d MMM HH:mm", System.Globalization.CultureInfo.InvariantCulture) + (withZone ? $" ({zoneId ?? "UTC"})" : "");

    /// <summary>A short distance in time: "in 3 h 20 min", "2 min ago".</summary>
    public static string Relative(DateTime utc, DateTime now)
    {
        var span = utc - now;
        var abs = span.Duration();
        var text = abs.TotalSeconds < 60 ? $"{(int)abs.TotalSeconds} s"
            : abs.TotalMinutes < 60 ? $"{(int)abs.TotalMinutes} min"
            : abs.TotalHours < 48 ? $"{(int)abs.TotalHours} h {abs.Minutes} min"
            : $"{(int)abs.TotalDays} days";
        return span >= TimeSpan.Zero ? "in " + text : text + " ago";
    }

    /// <summary>"45 s", "2 min", "1 min 30 s".</summary>
    public static string Duration(long seconds) => seconds < 60 ? $"{seconds} s"
        : seconds % 60 == 0 ? $"{seconds / 60} min"
        : $"{seconds / 60} min {seconds % 60} s";
}

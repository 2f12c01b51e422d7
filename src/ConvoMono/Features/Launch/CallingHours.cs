using ConvoMono.Features.Campaigns;
using ConvoMono.Infrastructure.Phones;

namespace ConvoMono.Features.Launch;

/// <summary>A campaign's calling window: local times and weekdays, always inside the legal 08:00–21:00 local default.</summary>
public sealed record CallingWindow(TimeOnly Start, TimeOnly End, IReadOnlySet<DayOfWeek> Days)
{
    public static readonly TimeOnly LegalStart = new(8, 0), LegalEnd = new(21, 0);

    public static CallingWindow Of(Campaign campaign) => new(campaign.WindowStart, campaign.WindowEnd,
        campaign.CallingDays.Select(d => (DayOfWeek)((Array.IndexOf(CampaignRules.Weekdays, d) + 1) % 7)).ToHashSet());

    /// <summary>The strictest of the campaign's window and the legal one, or null when they do not overlap.</summary>
    public (TimeOnly From, TimeOnly To)? Effective =>
        (Start > LegalStart ? Start : LegalStart, End < LegalEnd ? End : LegalEnd) is var (from, to) && from < to ? (from, to) : null;
}

/// <summary>When a lead may be called: inside the window in its local time, and for a number that may ring in several
/// zones, inside the window in every one of them (the strictest applies).</summary>
public static class CallingHours
{
    private const int HorizonDays = 8;

    public static IReadOnlyList<TimeZoneInfo> Zones(IEnumerable<string> ianaZones, TimeZoneInfo fallback)
    {
        var zones = ianaZones.Select(z => z != PhoneNormalizer.UnknownTimeZone && TimeZoneInfo.TryFindSystemTimeZoneById(z, out var tz) ? tz : fallback)
            .Distinct().ToList();
        return zones.Count == 0 ? [fallback] : zones;
    }

    public static bool IsOpen(DateTime utc, IReadOnlyList<TimeZoneInfo> zones, CallingWindow window) =>
        zones.All(zone => IsOpenIn(utc, zone, window));

    /// <summary>The first instant at or after <paramref name="utc"/> when the window is open in every zone (within a week), else null.</summary>
    public static DateTime? NextOpen(DateTime utc, IReadOnlyList<TimeZoneInfo> zones, CallingWindow window)
    {
        if (IsOpen(utc, zones, window)) return utc;
        if (window.Effective is not { } hours) return null;
        // The intersection opens when the last of the zones opens, so the candidates are the zones' daily openings.
        return zones
            .SelectMany(zone => Enumerable.Range(0, HorizonDays).Select(day =>
            {
                var localDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, zone)).AddDays(day);
                return ToUtc(localDate, hours.From, zone);
            }))
            .Where(candidate => candidate > utc)
            .Order()
            .Cast<DateTime?>()
            .FirstOrDefault(candidate => IsOpen(candidate!.Value, zones, window));
    }

    /// <summary>True when the window opens again before midnight in the lead's (first) zone.</summary>
    public static bool CanCallToday(DateTime utc, IReadOnlyList<TimeZoneInfo> zones, CallingWindow window)
    {
        if (NextOpen(utc, zones, window) is not { } open) return false;
        var localToday = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, zones[0]));
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(open, zones[0])) == localToday;
    }

    private static bool IsOpenIn(DateTime utc, TimeZoneInfo zone, CallingWindow window)
    {
        if (window.Effective is not { } hours) return false;
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, zone);
        var time = TimeOnly.FromDateTime(local);
        return window.Days.Contains(local.DayOfWeek) && time >= hours.From && time < hours.To;
    }

    private static DateTime ToUtc(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        // A local time skipped by a daylight-saving jump does not exist; an hour later does.
        if (zone.IsInvalidTime(local)) local = local.AddHours(1);
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }
}

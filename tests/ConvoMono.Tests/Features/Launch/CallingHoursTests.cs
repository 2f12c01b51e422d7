using ConvoMono.Features.Launch;

namespace ConvoMono.Tests.Features.Launch;

public sealed class CallingHoursTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
    private static readonly HashSet<DayOfWeek> Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];
    private static readonly CallingWindow Default = new(new(8, 0), new(21, 0), Weekdays);

    private static DateTime Utc(string iso) => DateTime.SpecifyKind(DateTime.Parse(iso, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);

    [Fact]
    public void A_lead_is_called_only_inside_the_window_in_its_local_time()
    {
        // Monday 2026-11-23, 12:00 UTC = 07:00 in New York (EST).
        Assert.False(CallingHours.IsOpen(Utc("2026-11-23T12:00:00"), [NewYork], Default));
        Assert.Equal(Utc("2026-11-23T13:00:00"), CallingHours.NextOpen(Utc("2026-11-23T12:00:00"), [NewYork], Default));
        Assert.True(CallingHours.IsOpen(Utc("2026-11-23T13:00:00"), [NewYork], Default));
        Assert.False(CallingHours.IsOpen(Utc("2026-11-24T02:00:00"), [NewYork], Default)); // 21:00 local is closed
        var narrow = Default with { Start = new(9, 30), End = new(18, 0) };
        Assert.Equal(Utc("2026-11-23T14:30:00"), CallingHours.NextOpen(Utc("2026-11-23T12:00:00"), [NewYork], narrow));
    }

    [Fact]
    public void The_legal_hours_cap_a_wider_window_and_closed_days_move_to_the_next_calling_day()
    {
        var wide = Default with { Start = new(6, 0), End = new(23, 0) };
        Assert.Equal((new TimeOnly(8, 0), new TimeOnly(21, 0)), wide.Effective);
        Assert.False(CallingHours.IsOpen(Utc("2026-11-23T12:30:00"), [NewYork], wide)); // 07:30 local
        // Saturday 2026-11-28 noon in New York: the next opening is Monday 08:00.
        Assert.Equal(Utc("2026-11-30T13:00:00"), CallingHours.NextOpen(Utc("2026-11-28T17:00:00"), [NewYork], Default));
        Assert.Null((Default with { Start = new(21, 30), End = new(22, 0) }).Effective);
        Assert.Null(CallingHours.NextOpen(Utc("2026-11-23T17:00:00"), [NewYork], Default with { Start = new(21, 30), End = new(22, 0) }));
    }

    [Fact]
    public void A_number_in_several_zones_waits_for_the_strictest()
    {
        // Monday 15:00 UTC: 10:00 in New York, 07:00 in Los Angeles.
        var both = new[] { NewYork, LosAngeles };
        Assert.False(CallingHours.IsOpen(Utc("2026-11-23T15:00:00"), both, Default));
        Assert.Equal(Utc("2026-11-23T16:00:00"), CallingHours.NextOpen(Utc("2026-11-23T15:00:00"), both, Default));
        // 01:30 UTC Tuesday: 20:30 Monday in New York, 17:30 in Los Angeles; closed in New York at 02:00 UTC.
        Assert.True(CallingHours.IsOpen(Utc("2026-11-24T01:30:00"), both, Default));
        Assert.False(CallingHours.IsOpen(Utc("2026-11-24T02:00:00"), both, Default));
        Assert.True(CallingHours.CanCallToday(Utc("2026-11-23T15:00:00"), both, Default));
        Assert.False(CallingHours.CanCallToday(Utc("2026-11-24T02:30:00"), [NewYork], Default)); // 21:30 local
    }

    [Fact]
    public void Unknown_zones_fall_back_to_the_clients_zone()
    {
        var zones = CallingHours.Zones(["Etc/Unknown"], NewYork);
        Assert.Equal([NewYork], zones);
        Assert.Equal([LosAngeles, NewYork], CallingHours.Zones(["America/Los_Angeles", "Not/AZone"], NewYork));
    }

    [Fact]
    public void The_expected_finish_fills_each_days_window_at_the_campaigns_concurrency()
    {
        // 100 calls of 150 s, 5 at a time: 3,000 s of window from Monday 10:00 New York.
        Assert.Equal(Utc("2026-11-23T15:50:00"), LaunchPreviewHandler.ExpectedFinish(Utc("2026-11-23T15:00:00"), 100, 150, 5, Default, NewYork));
        // 13 hours of window a day: 20 hours of calls started at 20:00 local run into Tuesday and Wednesday.
        var finish = LaunchPreviewHandler.ExpectedFinish(Utc("2026-11-24T01:00:00"), 480, 150, 1, Default, NewYork);
        Assert.Equal(Utc("2026-11-25T19:00:00"), finish); // 1 h Monday + 13 h Tuesday + 6 h Wednesday → 14:00 local
        Assert.Null(LaunchPreviewHandler.ExpectedFinish(Utc("2026-11-23T15:00:00"), 0, 150, 5, Default, NewYork));
    }
}

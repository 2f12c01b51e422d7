namespace ConvoMono.Features.PhoneNumbers;

/// <summary>What numbers cost the operator over a time range, for the profit view: each UTC day an assignment covers accrues
/// its monthly cost divided by the days of that month, in proportion to the part of the day covered. Unrounded; round only
/// on a charge or invoice line.</summary>
public static class NumberCost
{
    private const decimal SecondsPerDay = 86_400m;

    /// <summary>The sum over <paramref name="assignments"/> (one currency) between <paramref name="from"/> and <paramref name="to"/>;
    /// an open assignment runs until <paramref name="to"/>.</summary>
    public static decimal Accrued(IEnumerable<PhoneNumberAssignment> assignments, DateTime from, DateTime to) =>
        assignments.Sum(a => Accrued(a.MonthlyCost, a.FromAt, a.ToAt ?? to, from, to));

    /// <summary>One period at <paramref name="monthlyCost"/> from <paramref name="start"/> to <paramref name="end"/>, clipped to the range.</summary>
    public static decimal Accrued(decimal monthlyCost, DateTime start, DateTime end, DateTime from, DateTime to)
    {
        var begin = start > from ? start : from;
        var finish = end < to ? end : to;
        var total = 0m;
        for (var day = begin.Date; day < finish; day = day.AddDays(1))
        {
            var dayStart = day > begin ? day : begin;
            var dayEnd = day.AddDays(1) < finish ? day.AddDays(1) : finish;
            var covered = (decimal)(dayEnd - dayStart).Ticks / TimeSpan.TicksPerSecond;
            total += monthlyCost * covered / SecondsPerDay / DateTime.DaysInMonth(day.Year, day.Month);
        }
        return total;
    }
}

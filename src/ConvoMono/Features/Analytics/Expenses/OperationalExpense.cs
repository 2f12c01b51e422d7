namespace ConvoMono.Features.Analytics.Expenses;

/// <summary>A named monthly cost of running the platform (staff, hosting, tools), in US dollars like Retell's and the
/// numbers' costs, from its first month to its last (open-ended when <see cref="LastMonth"/> is null). The profit report
/// accrues it per day: each day of a month it covers carries the monthly amount divided by the days of that month.</summary>
public sealed class OperationalExpense
{
    public const string Currency = "USD";

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public string Name { get; private set; } = "";
    public decimal MonthlyAmount { get; private set; }
    /// <summary>The first day of the first month it applies to.</summary>
    public DateOnly FirstMonth { get; private set; }
    /// <summary>The first day of the last month it applies to, or null while it goes on.</summary>
    public DateOnly? LastMonth { get; private set; }
    public string? Note { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    private OperationalExpense() { }

    public static OperationalExpense Create(string name, decimal monthlyAmount, DateOnly firstMonth, DateOnly? lastMonth, string? note, DateTime now)
    {
        var expense = new OperationalExpense { CreatedAt = now };
        expense.Change(name, monthlyAmount, firstMonth, lastMonth, note, now);
        return expense;
    }

    public void Change(string name, decimal monthlyAmount, DateOnly firstMonth, DateOnly? lastMonth, string? note, DateTime now)
    {
        Name = name.Trim();
        MonthlyAmount = monthlyAmount;
        FirstMonth = new DateOnly(firstMonth.Year, firstMonth.Month, 1);
        LastMonth = lastMonth is { } last ? new DateOnly(last.Year, last.Month, 1) : null;
        Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        UpdatedAt = now;
    }

    /// <summary>What it costs over the days <paramref name="from"/> to <paramref name="to"/> (both included), unrounded
    /// beyond six places: a whole month is exactly the monthly amount.</summary>
    public decimal AccruedBetween(DateOnly from, DateOnly to)
    {
        var total = 0m;
        for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
        {
            if (month < FirstMonth || (LastMonth is { } last && month > last)) continue;
            var monthEnd = month.AddMonths(1).AddDays(-1);
            var first = from > month ? from : month;
            var lastDay = to < monthEnd ? to : monthEnd;
            var days = lastDay.DayNumber - first.DayNumber + 1;
            var inMonth = DateTime.DaysInMonth(month.Year, month.Month);
            total += days == inMonth ? MonthlyAmount : MonthlyAmount * days / inMonth;
        }
        return Math.Round(total, 6, MidpointRounding.AwayFromZero);
    }

    public OperationalExpenseDto ToDto() => new(Id, Name, MonthlyAmount, Currency, $"{FirstMonth:yyyy-MM}", LastMonth is { } last ? $"{last:yyyy-MM}" : null,
        Note, CreatedAt, UpdatedAt);
}

public sealed record OperationalExpenseDto(Guid Id, string Name, decimal MonthlyAmount, string Currency, string FirstMonth, string? LastMonth,
    string? Note, DateTime CreatedAt, DateTime UpdatedAt);

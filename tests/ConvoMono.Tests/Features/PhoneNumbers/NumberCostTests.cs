using ConvoMono.Features.PhoneNumbers;

namespace ConvoMono.Tests.Features.PhoneNumbers;

public sealed class NumberCostTests
{
    private static DateTime Utc(int y, int m, int d, int h = 0) => new(y, m, d, h, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_whole_month_accrues_the_monthly_cost_whatever_its_length()
    {
        Assert.Equal(2.80m, NumberCost.Accrued(2.80m, Utc(2027, 2, 1), Utc(2027, 3, 1), Utc(2027, 1, 1), Utc(2028, 1, 1)));
        Assert.Equal(3.10m, Decimal.Round(NumberCost.Accrued(3.10m, Utc(2026, 1, 1), Utc(2026, 2, 1), Utc(2026, 1, 1), Utc(2026, 2, 1)), 10));
        Assert.Equal(2.00m, Decimal.Round(NumberCost.Accrued(2.00m, Utc(2028, 2, 1), Utc(2028, 3, 1), Utc(2028, 1, 1), Utc(2028, 4, 1)), 10)); // leap year
    }

    [Fact]
    public void Each_day_costs_the_monthly_cost_over_the_days_of_its_own_month()
    {
        // Jan 31 (1/31 of 3.10) and Feb 1 (1/28 of 3.10).
        var accrued = NumberCost.Accrued(3.10m, Utc(2027, 1, 31), Utc(2027, 2, 2), Utc(2027, 1, 1), Utc(2027, 3, 1));
        Assert.Equal(Decimal.Round(0.10m + 3.10m / 28, 10), Decimal.Round(accrued, 10));
    }

    [Fact]
    public void Part_of_a_day_accrues_in_proportion_and_the_range_clips_the_period()
    {
        Assert.Equal(1.5m, NumberCost.Accrued(90m, Utc(2026, 4, 10, 6), Utc(2026, 4, 10, 18), Utc(2026, 4, 1), Utc(2026, 5, 1))); // half of 3/day
        Assert.Equal(30m, NumberCost.Accrued(90m, Utc(2026, 3, 1), Utc(2026, 6, 1), Utc(2026, 4, 11), Utc(2026, 4, 21)));     // 10 of 30 days
        Assert.Equal(0m, NumberCost.Accrued(90m, Utc(2026, 3, 1), Utc(2026, 3, 5), Utc(2026, 4, 1), Utc(2026, 5, 1)));       // outside
    }

    [Fact]
    public void Assignment_periods_add_up_and_an_open_one_runs_to_the_end_of_the_range()
    {
        var number = PhoneNumber.Acquire("+14155550100", PhoneNumberProvider.Retell, "US", 415, 3.00m, "USD", null, null, null, Utc(2026, 3, 1));
        var first = PhoneNumberAssignment.Open(number, Guid.NewGuid(), Utc(2026, 4, 1));
        first.Close(Utc(2026, 4, 11));                                            // 10 days at 3.00/30
        number.ChangeCost(6.00m, Utc(2026, 4, 11));
        var second = PhoneNumberAssignment.Open(number, Guid.NewGuid(), Utc(2026, 4, 11)); // open: 20 days at 6.00/30 up to May 1

        Assert.Equal(1.00m + 4.00m, NumberCost.Accrued([first, second], Utc(2026, 4, 1), Utc(2026, 5, 1)));
        Assert.Equal(1.00m, NumberCost.Accrued([first, second], Utc(2026, 4, 1), Utc(2026, 4, 11)));
    }
}

using ConvoMono.Features.Credits;

namespace ConvoMono.Tests.Features.Credits;

public sealed class PricingTests
{
    [Theory]
    // connected, increment, billable
    [InlineData(0, 1, 0)] [InlineData(0, 6, 0)] [InlineData(0, 30, 0)] [InlineData(0, 60, 0)]
    [InlineData(1, 1, 1)] [InlineData(1, 6, 6)] [InlineData(1, 30, 30)] [InlineData(1, 60, 60)]
    [InlineData(59, 1, 59)] [InlineData(59, 6, 60)] [InlineData(59, 30, 60)] [InlineData(59, 60, 60)]
    [InlineData(60, 1, 60)] [InlineData(60, 6, 60)] [InlineData(60, 30, 60)] [InlineData(60, 60, 60)]
    [InlineData(61, 1, 61)] [InlineData(61, 6, 66)] [InlineData(61, 30, 90)] [InlineData(61, 60, 120)]
    [InlineData(6, 6, 6)] [InlineData(7, 6, 12)] [InlineData(30, 30, 30)] [InlineData(31, 30, 60)]
    [InlineData(3600, 60, 3600)] [InlineData(3601, 60, 3660)] [InlineData(-5, 60, 0)]
    public void Billable_seconds_round_up_to_the_increment(long connected, int increment, long billable) =>
        Assert.Equal(billable, Pricing.BillableSeconds(connected, increment));

    [Theory]
    // billable seconds, rate per minute, currency, amount
    [InlineData(60, "0.25", "USD", "0.25")]
    [InlineData(90, "0.25", "USD", "0.38")]   // 0.375 rounds half away from zero
    [InlineData(6, "0.25", "USD", "0.03")]    // 0.025 → 0.03
    [InlineData(1, "0.25", "USD", "0.00")]    // 0.0041666 → 0.00
    [InlineData(0, "0.25", "USD", "0")]
    [InlineData(30, "0.19", "EUR", "0.10")]   // 0.095 → 0.10
    [InlineData(60, "12.5", "JPY", "13")]     // no minor unit: 12.5 → 13
    [InlineData(60, "1.2345", "KWD", "1.235")] // three minor digits: 1.2345 → 1.235
    public void The_amount_is_rounded_once_to_the_minor_unit_half_away_from_zero(long seconds, string rate, string currency, string amount) =>
        Assert.Equal(decimal.Parse(amount), Pricing.Amount(seconds, decimal.Parse(rate), currency));

    [Fact]
    public void Profit_is_billed_minus_retell_cost() => Assert.Equal(0.07m, Pricing.Profit(0.25m, 0.18m));
}

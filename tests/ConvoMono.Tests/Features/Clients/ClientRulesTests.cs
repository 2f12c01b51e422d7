using ConvoMono.Features.Clients;
using ConvoMono.Infrastructure.Errors;

namespace ConvoMono.Tests.Features.Clients;

public sealed class ClientRulesTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(1)] [InlineData(6)] [InlineData(30)] [InlineData(60)]
    public void The_four_billing_increments_are_allowed(int increment) =>
        Assert.Equal(increment, Client.Create("A", 0.1m, "usd", increment, "us", "Europe/Berlin", Now).BillingIncrementSeconds);

    [Theory]
    [InlineData(0)] [InlineData(5)] [InlineData(61)]
    public void Other_increments_are_refused(int increment) =>
        Assert.Equal("clients.invalid_increment",
            Assert.Throws<DomainException>(() => Client.Create("A", 0.1m, "USD", increment, "US", "UTC", Now)).Code);

    [Fact]
    public void Codes_are_normalised_and_bad_values_refused()
    {
        var client = Client.Create(" A ", 0.1m, "eur", 60, "de", "Europe/Berlin", Now);
        Assert.Equal(("A", "EUR", "DE"), (client.Name, client.Currency, client.DefaultCountry));
        Assert.Equal("clients.invalid_rate", Assert.Throws<DomainException>(() => client.ChangeBilling(-0.01m, 60, Now)).Code);
        Assert.Equal("clients.invalid_country", Assert.Throws<DomainException>(() => client.ChangeLocale("DEU", "UTC", Now)).Code);
        Assert.Equal("clients.invalid_time_zone", Assert.Throws<DomainException>(() => client.ChangeLocale("DE", "Nowhere/City", Now)).Code);
    }
}

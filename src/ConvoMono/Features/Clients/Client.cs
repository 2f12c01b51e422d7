using ConvoMono.Infrastructure.Errors;

namespace ConvoMono.Features.Clients;

public enum ClientStatus { Active, Suspended }

/// <summary>A business that buys calling minutes from the operator: the tenant.</summary>
public sealed class Client
{
    public static readonly int[] BillingIncrements = [1, 6, 30, 60];

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public string Name { get; private set; } = "";
    public ClientStatus Status { get; private set; } = ClientStatus.Active;
    public decimal BillingRatePerMinute { get; private set; }
    public string Currency { get; private set; } = "USD";
    public int BillingIncrementSeconds { get; private set; } = 60;
    public string DefaultCountry { get; private set; } = "US";
    public string TimeZone { get; private set; } = "America/New_York";
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    private Client() { }

    public static Client Create(string name, decimal ratePerMinute, string currency, int incrementSeconds,
        string defaultCountry, string timeZone, DateTime now)
    {
        var client = new Client { CreatedAt = now };
        client.Rename(name, now);
        client.ChangeBilling(ratePerMinute, incrementSeconds, now);
        client.Currency = currency.ToUpperInvariant();
        client.ChangeLocale(defaultCountry, timeZone, now);
        return client;
    }

    public void Rename(string name, DateTime now)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new DomainException("clients.name_required", "A client needs a name.", field: "name");
        Name = name.Trim();
        UpdatedAt = now;
    }

    public void ChangeBilling(decimal ratePerMinute, int incrementSeconds, DateTime now)
    {
        if (ratePerMinute < 0)
            throw new DomainException("clients.invalid_rate", "The billing rate cannot be negative.", field: "billing_rate_per_minute");
        if (!BillingIncrements.Contains(incrementSeconds))
            throw new DomainException("clients.invalid_increment", "The billing increment must be 1, 6, 30 or 60 seconds.",
                field: "billing_increment_seconds");
        BillingRatePerMinute = ratePerMinute;
        BillingIncrementSeconds = incrementSeconds;
        UpdatedAt = now;
    }

    public void ChangeLocale(string defaultCountry, string timeZone, DateTime now)
    {
        if (defaultCountry.Length != 2 || !defaultCountry.All(char.IsAsciiLetter))
            throw new DomainException("clients.invalid_country", "The default country must be a two-letter ISO code, e.g. US.",
                field: "default_country");
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
            throw new DomainException("clients.invalid_time_zone", $"'{timeZone}' is not a known IANA time zone.", field: "time_zone");
        DefaultCountry = defaultCountry.ToUpperInvariant();
        TimeZone = timeZone;
        UpdatedAt = now;
    }

    public void Suspend(DateTime now) { Status = ClientStatus.Suspended; UpdatedAt = now; }

    public void Reactivate(DateTime now) { Status = ClientStatus.Active; UpdatedAt = now; }
}

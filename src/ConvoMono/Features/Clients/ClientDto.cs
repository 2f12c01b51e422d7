namespace ConvoMono.Features.Clients;

/// <summary>A client as the super admin sees it.</summary>
public sealed record ClientDto(
    Guid Id, string Name, ClientStatus Status, decimal BillingRatePerMinute, string Currency, int BillingIncrementSeconds,
    string DefaultCountry, string TimeZone, DateTime CreatedAt, DateTime UpdatedAt);

public static class ClientMapping
{
    public static ClientDto ToDto(this Client c) => new(
        c.Id, c.Name, c.Status, c.BillingRatePerMinute, c.Currency, c.BillingIncrementSeconds, c.DefaultCountry, c.TimeZone,
        c.CreatedAt, c.UpdatedAt);
}

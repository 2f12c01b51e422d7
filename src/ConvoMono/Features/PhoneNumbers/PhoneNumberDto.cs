namespace ConvoMono.Features.PhoneNumbers;

/// <summary>A number in the admin view: with the operator's monthly cost and the client it is assigned to.</summary>
public sealed record PhoneNumberDto(Guid Id, string PhoneNumber, PhoneNumberProvider Provider, PhoneNumberStatus Status, decimal MonthlyCost,
    string Currency, Guid? ClientId, string? ClientName, DateTime? AssignedAt, string? Nickname, string CountryCode, int? AreaCode,
    DateTime AcquiredAt, DateTime? ReleasedAt);

public static class PhoneNumberMapping
{
    public static PhoneNumberDto ToDto(this PhoneNumber n, string? clientName = null) => new(n.Id, n.Number, n.Provider, n.Status, n.MonthlyCost,
        n.Currency, n.ClientId, clientName, n.AssignedAt, n.Nickname, n.CountryCode, n.AreaCode, n.AcquiredAt, n.ReleasedAt);
}

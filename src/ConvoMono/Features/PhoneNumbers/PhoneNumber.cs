using ConvoMono.Infrastructure.Errors;

namespace ConvoMono.Features.PhoneNumbers;

public enum PhoneNumberProvider { Retell, Twilio, Imported }

public enum PhoneNumberStatus { Available, Assigned, Released }

/// <summary>A number in the operator's inventory. It belongs to the platform, not to a tenant: a client sees it only while
/// it is assigned to that client, so it is not <c>ITenantOwned</c> and client reads filter by <see cref="ClientId"/>.</summary>
public sealed class PhoneNumber
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public string Number { get; private set; } = "";
    public PhoneNumberProvider Provider { get; private set; }
    public PhoneNumberStatus Status { get; private set; } = PhoneNumberStatus.Available;
    public string? Nickname { get; private set; }
    public string CountryCode { get; private set; } = "US";
    public int? AreaCode { get; private set; }
    public decimal MonthlyCost { get; private set; }
    public string Currency { get; private set; } = "USD";
    /// <summary>Twilio's <c>PN…</c> sid when the number was bought at Twilio, so releasing it can give it back there.</summary>
    public string? TwilioSid { get; private set; }
    /// <summary>SIP termination URI the number was imported into Retell with (Twilio and imported numbers).</summary>
    public string? TerminationUri { get; private set; }
    public Guid? ClientId { get; private set; }
    public DateTime? AssignedAt { get; private set; }
    public DateTime AcquiredAt { get; private set; }
    public DateTime? ReleasedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    private PhoneNumber() { }

    public static PhoneNumber Acquire(string e164, PhoneNumberProvider provider, string countryCode, int? areaCode, decimal monthlyCost,
        string currency, string? nickname, string? twilioSid, string? terminationUri, DateTime now)
    {
        if (monthlyCost < 0)
            throw new DomainException("phone_numbers.invalid_cost", "The monthly cost cannot be negative.", field: "monthly_cost");
        return new PhoneNumber
        {
            Number = e164, Provider = provider, CountryCode = countryCode.ToUpperInvariant(), AreaCode = areaCode,
            MonthlyCost = monthlyCost, Currency = currency.ToUpperInvariant(), Nickname = nickname, TwilioSid = twilioSid,
            TerminationUri = terminationUri, AcquiredAt = now, UpdatedAt = now,
        };
    }

    public void AssignTo(Guid clientId, DateTime now)
    {
        if (Status == PhoneNumberStatus.Released)
            throw new DomainException("phone_numbers.released", "This number has been given back to its provider.", StatusCodes.Status409Conflict);
        if (Status == PhoneNumberStatus.Assigned)
            throw new DomainException("phone_numbers.already_assigned",
                "This number is assigned to a client; release it to the pool before assigning it again.", StatusCodes.Status409Conflict);
        ClientId = clientId;
        AssignedAt = now;
        Status = PhoneNumberStatus.Assigned;
        UpdatedAt = now;
    }

    public void Unassign(DateTime now)
    {
        if (Status != PhoneNumberStatus.Assigned)
            throw new DomainException("phone_numbers.not_assigned", "This number is not assigned to a client.", StatusCodes.Status409Conflict);
        ClientId = null;
        AssignedAt = null;
        Status = PhoneNumberStatus.Available;
        UpdatedAt = now;
    }

    public void ChangeCost(decimal monthlyCost, DateTime now)
    {
        if (monthlyCost < 0)
            throw new DomainException("phone_numbers.invalid_cost", "The monthly cost cannot be negative.", field: "monthly_cost");
        MonthlyCost = monthlyCost;
        UpdatedAt = now;
    }

    public void Rename(string? nickname, DateTime now)
    {
        Nickname = string.IsNullOrWhiteSpace(nickname) ? null : nickname.Trim();
        UpdatedAt = now;
    }

    /// <summary>Gives the number back to its provider; the row stays for the cost history.</summary>
    public void MarkReleased(DateTime now)
    {
        if (Status == PhoneNumberStatus.Assigned)
            throw new DomainException("phone_numbers.assigned", "Release the number from its client before giving it back.", StatusCodes.Status409Conflict);
        Status = PhoneNumberStatus.Released;
        ReleasedAt ??= now;
        UpdatedAt = now;
    }
}

using System.ComponentModel.DataAnnotations;

namespace ConvoMono.Features.PhoneNumbers;

/// <summary>What a number costs the operator per month when the purchase does not say (the profit view accrues it).</summary>
public sealed class PhoneNumbersOptions
{
    public const string Section = "PhoneNumbers";

    [Range(typeof(decimal), "0", "1000")] public decimal RetellMonthlyCost { get; set; } = 2.00m;
    [Range(typeof(decimal), "0", "1000")] public decimal TwilioMonthlyCost { get; set; } = 1.15m;
    /// <summary>An imported number is paid to its carrier outside the platform; the operator enters the cost per import.</summary>
    [Range(typeof(decimal), "0", "1000")] public decimal ImportedMonthlyCost { get; set; }
    [RegularExpression("^[A-Z]{3}$", ErrorMessage = "PhoneNumbers:Currency is an ISO 4217 code such as USD.")]
    public string Currency { get; set; } = "USD";
}

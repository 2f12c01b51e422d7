using ConvoMono.Infrastructure.Phones;
using PhoneNumbers;

namespace ConvoMono.Features.PhoneNumbers;

/// <summary>Phone numbers as Retell and Twilio want them: E.164, checked with libphonenumber.</summary>
public static class E164
{
    /// <summary>The number in E.164 and its ISO country, or null when it is not a valid, callable number.</summary>
    public static (string Number, string Country)? Parse(string? input, string defaultCountry = "US")
    {
        if (string.IsNullOrWhiteSpace(input)) return null;
        var normalized = PhoneNormalizer.NormalizeWithParser(input.Trim(), defaultCountry.ToUpperInvariant());
        return normalized.IsValid
            ? (normalized.E164!, PhoneNumberUtil.GetInstance().GetRegionCodeForNumber(normalized.Parsed) ?? defaultCountry.ToUpperInvariant())
            : null;
    }

    /// <summary>The North American area code (NPA) of a +1 number, for the inventory's area-code column.</summary>
    public static int? AreaCode(string e164) =>
        e164.StartsWith("+1", StringComparison.Ordinal) && e164.Length == 12 && int.TryParse(e164.AsSpan(2, 3), out var npa) ? npa : null;
}

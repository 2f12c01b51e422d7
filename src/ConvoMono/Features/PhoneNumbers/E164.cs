using PhoneNumbers;

namespace ConvoMono.Features.PhoneNumbers;

/// <summary>Phone numbers as Retell and Twilio want them: E.164, checked with libphonenumber.</summary>
public static class E164
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>The number in E.164 and its ISO country, or null when it is not a valid number.</summary>
    public static (string Number, string Country)? Parse(string? input, string defaultCountry = "US")
    {
        if (string.IsNullOrWhiteSpace(input)) return null;
        try
        {
            var parsed = Util.Parse(input.Trim(), defaultCountry.ToUpperInvariant());
            if (!Util.IsValidNumber(parsed)) return null;
            return (Util.Format(parsed, PhoneNumberFormat.E164), Util.GetRegionCodeForNumber(parsed) ?? defaultCountry.ToUpperInvariant());
        }
        catch (NumberParseException) { return null; }
    }

    /// <summary>The North American area code (NPA) of a +1 number, for the inventory's area-code column.</summary>
    public static int? AreaCode(string e164) =>
        e164.StartsWith("+1", StringComparison.Ordinal) && e164.Length == 12 && int.TryParse(e164.AsSpan(2, 3), out var npa) ? npa : null;
}

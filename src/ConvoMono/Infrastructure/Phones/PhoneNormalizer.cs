using PhoneNumbers;

namespace ConvoMono.Infrastructure.Phones;

/// <summary>The outcome of normalising one phone number: its E.164 form, or why it cannot be called.</summary>
public readonly record struct NormalizedPhone(string? E164, string? Error, PhoneNumber? Parsed)
{
    public bool IsValid => E164 is not null;
}

/// <summary>Phone numbers to E.164 with libphonenumber, and the time zones a number may ring in. Thread-safe: the
/// importer normalises on every core at once.</summary>
public static class PhoneNormalizer
{
    public const string UnknownTimeZone = "Etc/Unknown";
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();
    private static readonly PhoneNumberToTimeZonesMapper Zones = PhoneNumberToTimeZonesMapper.GetInstance();

    /// <summary>Types a voice agent can usefully dial; premium-rate, pagers, voicemail access and the like are refused.</summary>
    private static readonly HashSet<PhoneNumberType> Callable =
    [
        PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE, PhoneNumberType.VOIP,
        PhoneNumberType.PERSONAL_NUMBER, PhoneNumberType.TOLL_FREE, PhoneNumberType.UAN,
    ];

    public static NormalizedPhone Normalize(string? raw, string defaultCountry)
    {
        if (string.IsNullOrWhiteSpace(raw)) return new(null, "no phone number", null);
        PhoneNumber number;
        try { number = Util.Parse(raw, defaultCountry); }
        catch (NumberParseException) { return new(null, "not a phone number", null); }
        if (!Util.IsValidNumber(number))
            return new(null, $"not a valid number (read as {Util.GetRegionCodeForNumber(number) ?? defaultCountry})", number);
        var type = Util.GetNumberType(number);
        if (!Callable.Contains(type)) return new(null, $"not callable ({type.ToString().ToLowerInvariant().Replace('_', ' ')} number)", number);
        return new(Util.Format(number, PhoneNumberFormat.E164), null, number);
    }

    /// <summary>A strictly valid E.164 string (what the API takes for DNC entries and numbers), else null.</summary>
    public static string? ToE164(string? raw, string defaultCountry) => Normalize(raw, defaultCountry).E164;

    /// <summary>The IANA zones the number may ring in (several for some area codes; <see cref="UnknownTimeZone"/> when none is known).</summary>
    public static IList<string> TimeZonesFor(PhoneNumber number)
    {
        var zones = Zones.GetTimeZonesForNumber(number);
        return zones.Count == 0 || zones[0] == "Etc/Unknown" ? [UnknownTimeZone] : zones;
    }

    /// <summary>Digits of an E.164 number as one integer (15 digits fit): a compact key for large duplicate and DNC sets.</summary>
    public static long Key(string e164) => long.Parse(e164.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
}

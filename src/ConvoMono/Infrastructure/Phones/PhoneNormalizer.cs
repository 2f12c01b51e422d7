using System.Collections.Concurrent;
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
    private static readonly HashSet<int> CountryCodes = Util.GetSupportedCallingCodes().ToHashSet();
    private static readonly ConcurrentDictionary<string, (int CountryCode, string Prefix)?> Rules = new();
    private static readonly ConcurrentDictionary<long, IList<string>> ZoneCache = new();

    /// <summary>Types a voice agent can usefully dial; premium-rate, pagers, voicemail access and the like are refused.</summary>
    private static readonly HashSet<PhoneNumberType> Callable =
    [
        PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE, PhoneNumberType.VOIP,
        PhoneNumberType.PERSONAL_NUMBER, PhoneNumberType.TOLL_FREE, PhoneNumberType.UAN,
    ];

    public static NormalizedPhone Normalize(string? raw, string defaultCountry)
    {
        if (string.IsNullOrWhiteSpace(raw)) return new(null, "no phone number", null);
        // Most rows are plain digits with spacing; reading them directly skips libphonenumber's regex-heavy parser,
        // which is the import's hottest step. Anything the fast path is not sure of goes through the full parser.
        if (TryFast(raw, defaultCountry) is { } fast && Callable.Contains(Util.GetNumberType(fast)))
            return new(Util.Format(fast, PhoneNumberFormat.E164), null, fast);
        return NormalizeWithParser(raw, defaultCountry);
    }

    /// <summary>libphonenumber's full parser: the reference the fast path must always agree with.</summary>
    public static NormalizedPhone NormalizeWithParser(string raw, string defaultCountry)
    {
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
        // Zones are mapped by number prefix (area codes); numbers that differ only in their last four digits share them.
        var key = (long)(number.NationalNumber / 10_000) * 1_000 + number.CountryCode;
        return ZoneCache.GetOrAdd(key, static (_, n) =>
        {
            var zones = Zones.GetTimeZonesForNumber(n);
            return zones.Count == 0 || zones[0] == "Etc/Unknown" ? [UnknownTimeZone] : zones.ToArray();
        }, number);
    }

    /// <summary>Digits of an E.164 number as one integer (15 digits fit): a compact key for large duplicate and DNC sets.</summary>
    public static long Key(string e164) => long.Parse(e164.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Reads "+CC digits" or national digits (optionally after the region's plain national prefix, like 0 or 1),
    /// allowing only spaces and <c>-().</c>/ between digits. Returns null when in doubt (letters, extensions, leading zeros
    /// that must be kept, regions with complex prefix rules).</summary>
    internal static PhoneNumber? TryFast(string raw, string region)
    {
        Span<char> digits = stackalloc char[17];
        var count = 0;
        var plus = false;
        foreach (var c in raw)
        {
            if (char.IsAsciiDigit(c))
            {
                if (count == digits.Length) return null;
                digits[count++] = c;
            }
            else if (c == '+' && count == 0 && !plus) plus = true;
            else if (c is not (' ' or '-' or '(' or ')' or '.' or '/' or '\u00A0' or '\t')) return null;
        }
        if (count < 5) return null;
        int countryCode;
        scoped ReadOnlySpan<char> national;
        if (plus)
        {
            countryCode = 0;
            var length = 1;
            for (; length <= 3; length++)
            {
                countryCode = int.Parse(digits[..length]);
                if (CountryCodes.Contains(countryCode)) break;
            }
            if (length > 3) return null;
            national = digits[length..count];
        }
        else
        {
            if (Rule(region) is not { } rule) return null;
            countryCode = rule.CountryCode;
            national = digits[..count];
            if (rule.Prefix.Length > 0 && national.StartsWith(rule.Prefix)) national = national[rule.Prefix.Length..];
        }
        if (national.Length is < 4 or > 14 || national[0] == '0') return null;
        return new PhoneNumber.Builder().SetCountryCode(countryCode).SetNationalNumber(ulong.Parse(national)).Build();
    }

    /// <summary>The region's country code and national prefix when stripping that prefix is all libphonenumber would do.</summary>
    private static (int CountryCode, string Prefix)? Rule(string region) => Rules.GetOrAdd(region, static r =>
    {
        var metadata = Util.GetMetadataForRegion(r);
        if (metadata is null || !string.IsNullOrEmpty(metadata.NationalPrefixTransformRule)) return null;
        var prefix = metadata.NationalPrefixForParsing ?? "";
        if (prefix.Length > 0 && (prefix != metadata.NationalPrefix || !prefix.All(char.IsAsciiDigit))) return null;
        return (metadata.CountryCode, prefix);
    });
}

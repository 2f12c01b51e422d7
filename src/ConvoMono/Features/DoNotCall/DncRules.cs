using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Phones;

namespace ConvoMono.Features.DoNotCall;

/// <summary>Rules both lists share: how a number given by a person becomes the E.164 form the lists hold.</summary>
public static class DncRules
{
    /// <summary>Region code libphonenumber reads as "no region": only numbers in international format parse.</summary>
    public const string NoCountry = "ZZ";

    public static string ToE164(string raw, string? defaultCountry)
    {
        var country = string.IsNullOrWhiteSpace(defaultCountry) ? NoCountry : defaultCountry.Trim().ToUpperInvariant();
        var normalized = PhoneNormalizer.Normalize(raw, country);
        if (normalized.E164 is { } e164) return e164;
        var hint = country == NoCountry && !raw.TrimStart().StartsWith('+') ? " Give it in international format (+…) or name a default country." : "";
        throw new DomainException("dnc.invalid_phone_number", $"\"{Clip(raw)}\" is {normalized.Error}.{hint}",
            StatusCodes.Status400BadRequest, "phone_number");
    }

    public static string Clip(string value) => value.Length <= 40 ? value : value[..40] + "…";
}

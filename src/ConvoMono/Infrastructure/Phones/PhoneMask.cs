using System.Text.RegularExpressions;

namespace ConvoMono.Infrastructure.Phones;

/// <summary>Hides the middle digits of phone numbers in free text (log messages, provider errors) shown to operators:
/// <c>+14155550123</c> becomes <c>+1415•••0123</c>. Over-masking a long number that is not a phone is harmless.</summary>
public static partial class PhoneMask
{
    public static string Mask(string text) => string.IsNullOrEmpty(text) ? text : Phone().Replace(text, m =>
    {
        var plus = m.Value.StartsWith('+') ? "+" : "";
        var digits = plus.Length == 0 ? m.Value : m.Value[1..];
        var keep = Math.Clamp(digits.Length - 7, 1, 4);
        return plus + digits[..keep] + "•••" + digits[^4..];
    });

    // E.164 (+ and 8 to 15 digits), or a bare run of 10 to 15 digits standing alone.
    [GeneratedRegex(@"\+[1-9]\d{7,14}\b|\b\d{10,15}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace ConvoMono.Infrastructure.Voice;

/// <summary>Retell's <c>x-retell-signature</c>: <c>v=&lt;ms&gt;,d=&lt;hex HMAC-SHA256(key, raw body ++ ms)&gt;</c>, checked exactly as
/// the official SDK's <c>verify</c> does (../shared/reference/retell-api.md §9.5).</summary>
public static partial class RetellSignature
{
    public const string Header = "x-retell-signature";
    public const long WindowMs = 5 * 60 * 1000;
    private const long MaxSafeInteger = 9_007_199_254_740_991L;

    public static bool Verify(ReadOnlySpan<byte> rawBody, string apiKey, string? header, long nowMs)
    {
        if (string.IsNullOrEmpty(header)) return false;
        var match = HeaderPattern().Match(header);
        if (!match.Success) return false;
        var digits = match.Groups[1].Value;
        var hex = match.Groups[2].Value;
        // The SDK reads the stamp as a JavaScript number: leading zeros are fine, beyond 2^53 - 1 is not.
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var ts) || ts > MaxSafeInteger) return false;
        if (hex.Length != 64 || Math.Abs(nowMs - ts) > WindowMs) return false;
        var expected = Mac(rawBody, apiKey, ts);
        return CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(hex));
    }

    public static string Sign(ReadOnlySpan<byte> rawBody, string apiKey, long nowMs) =>
        $"v={nowMs.ToString(CultureInfo.InvariantCulture)},d={Convert.ToHexStringLower(Mac(rawBody, apiKey, nowMs))}";

    private static byte[] Mac(ReadOnlySpan<byte> rawBody, string apiKey, long ts)
    {
        var stamp = Encoding.ASCII.GetBytes(ts.ToString(CultureInfo.InvariantCulture));
        var message = new byte[rawBody.Length + stamp.Length];
        rawBody.CopyTo(message);
        stamp.CopyTo(message, rawBody.Length);
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(apiKey), message);
    }

    [GeneratedRegex("^v=(\\d+),d=([0-9a-f]+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeaderPattern();
}

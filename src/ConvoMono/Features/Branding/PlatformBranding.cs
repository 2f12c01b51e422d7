using System.Text.RegularExpressions;
using ConvoMono.Infrastructure.Errors;

namespace ConvoMono.Features.Branding;

/// <summary>The operator's brand: one row for the whole platform.</summary>
public sealed partial class PlatformBranding
{
    public const int SingletonId = 1;
    public const string DefaultName = "ConvoMono";
    public const string DefaultColor = "#4F46E5";
    public const int MaxLogoBytes = 512 * 1024;

    public int Id { get; private set; } = SingletonId;
    public string PlatformName { get; private set; } = DefaultName;
    public string PrimaryColor { get; private set; } = DefaultColor;
    public byte[]? Logo { get; private set; }
    public string? LogoContentType { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    public static PlatformBranding Default() => new();

    public void Change(string name, string color, DateTime now)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 60)
            throw new DomainException("branding.invalid_name", "The platform name must be 1 to 60 characters.", StatusCodes.Status400BadRequest, "platform_name");
        if (!IsHexColor(color))
            throw new DomainException("branding.invalid_color", "The primary colour must be a hex colour like #4F46E5.", StatusCodes.Status400BadRequest, "primary_color");
        PlatformName = name.Trim();
        PrimaryColor = color.ToUpperInvariant();
        UpdatedAt = now;
    }

    public void SetLogo(byte[] bytes, DateTime now)
    {
        if (bytes.Length == 0 || bytes.Length > MaxLogoBytes)
            throw new DomainException("branding.logo_size", $"The logo must be an image of at most {MaxLogoBytes / 1024} KB.",
                StatusCodes.Status400BadRequest, "logo");
        Logo = bytes;
        LogoContentType = ImageTypeOf(bytes) ?? throw new DomainException("branding.logo_type",
            "The logo must be a PNG, JPEG, GIF or WebP image.", StatusCodes.Status400BadRequest, "logo");
        UpdatedAt = now;
    }

    public void RemoveLogo(DateTime now)
    {
        Logo = null;
        LogoContentType = null;
        UpdatedAt = now;
    }

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];

    // By content, not by name or declared type; SVG is refused because it can carry script.
    public static string? ImageTypeOf(ReadOnlySpan<byte> b) =>
        b.StartsWith(Png) ? "image/png"
        : b.StartsWith(Jpeg) ? "image/jpeg"
        : b.StartsWith("GIF8"u8) ? "image/gif"
        : b.Length > 12 && b.StartsWith("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8) ? "image/webp"
        : null;

    public static bool IsHexColor(string? value) => value is not null && HexColor().IsMatch(value);

    [GeneratedRegex(@"^#[0-9A-Fa-f]{6}\z")] // \z: "$" would also accept a trailing newline
    private static partial Regex HexColor();
}

using System.ComponentModel.DataAnnotations;
using ConvoMono.Infrastructure.Auth;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConvoMono.Features.Branding;

public sealed record UpdateBrandingRequest
{
    [Required, StringLength(60, MinimumLength = 1)] public string PlatformName { get; set; } = "";
    [Required, RegularExpression("^#[0-9A-Fa-f]{6}$", ErrorMessage = "Use a hex colour like #4F46E5.")] public string PrimaryColor { get; set; } = "";
    /// <summary>Optional base64 PNG/JPEG/GIF/WebP (≤ 512 KB); an empty string removes the logo.</summary>
    public string? LogoBase64 { get; set; }
}

public static class BrandingEndpoints
{
    // The colour is checked as #RRGGBB before it goes into the markup.
    private static string DefaultLogo(string color) => $"""
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="{color}"/>
        <path d="M20 38c0-8 6-14 14-14h10v8H34a6 6 0 0 0 0 12h10v8H34c-8 0-14-6-14-14z" fill="#fff"/></svg>
        """;

    public static IEndpointRouteBuilder MapBrandingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/branding", async (BrandingService branding, CancellationToken ct) => TypedResults.Ok(await branding.GetAsync(ct)))
            .WithTags("Branding").AllowAnonymous().WithSummary("The platform's name, colour and logo URL");

        app.MapPut("/api/v1/admin/branding", async Task<Ok<BrandingDto>> (UpdateBrandingRequest request, BrandingService branding, TenantContext actor, CancellationToken ct) =>
            {
                byte[]? logo = null;
                if (request.LogoBase64 is not null)
                {
                    try { logo = Convert.FromBase64String(request.LogoBase64); }
                    catch (FormatException)
                    {
                        throw new Infrastructure.Errors.DomainException("branding.logo_encoding", "logo_base64 is not valid base64.", 400, "logo_base64");
                    }
                }
                return TypedResults.Ok(await branding.UpdateAsync(actor, request.PlatformName, request.PrimaryColor, logo, ct));
            })
            .WithTags("Branding").RequireAuthorization(Policies.SuperAdmin).WithSummary("Change the platform's name, colour and logo");

        var files = app.MapGroup("/branding").AllowAnonymous().ExcludeFromDescription();
        files.MapGet("/logo", async Task<Results<FileContentHttpResult, RedirectHttpResult>> (BrandingService branding, HttpContext http, CancellationToken ct) =>
        {
            if (await branding.GetLogoAsync(ct) is not { } logo) return TypedResults.Redirect("/branding/default-logo.svg");
            http.Response.Headers.CacheControl = "public, max-age=300";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return TypedResults.File(logo.Bytes, logo.ContentType);
        });
        files.MapGet("/default-logo.svg", async (string? color, BrandingService branding, HttpContext http, CancellationToken ct) =>
        {
            // Pages ask for the brand's colour in the URL (BrandingDto.DefaultLogoUrlFor), so a new colour is a new URL and
            // this one may be cached long; without it the picture follows the saved colour, so it is cached briefly.
            var chosen = PlatformBranding.IsHexColor($"#{color}");
            http.Response.Headers.CacheControl = chosen ? "public, max-age=86400" : "public, max-age=300";
            var fill = chosen ? $"#{color}" : (await branding.GetAsync(ct)).PrimaryColor;
            return TypedResults.Text(DefaultLogo(fill.ToUpperInvariant()), "image/svg+xml");
        });
        return app;
    }
}

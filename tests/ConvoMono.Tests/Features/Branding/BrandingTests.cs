using ConvoMono.Features.Branding;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Tests.Support;

namespace ConvoMono.Tests.Features.Branding;

public sealed class BrandingTests(TestApps apps)
{
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Anyone_reads_the_brand_only_the_super_admin_changes_it_and_bad_values_change_nothing(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        using var admin = await api.AdminAsync();
        using var anonymous = api.Anonymous();

        await (await tenant.Owner.PutAsync("/api/v1/admin/branding", System.Net.Http.Json.JsonContent.Create(new { platform_name = "X", primary_color = "#000000" })))
            .ProblemAsync(403);
        var badColor = await (await admin.PutAsync("/api/v1/admin/branding",
            System.Net.Http.Json.JsonContent.Create(new { platform_name = "X", primary_color = "red" }))).ProblemAsync(400);
        Assert.True(badColor.GetProperty("errors").TryGetProperty("primary_color", out _));
        var svg = Convert.ToBase64String("<svg onload=alert(1)></svg>"u8.ToArray());
        var badLogo = await (await admin.PutAsync("/api/v1/admin/branding",
            System.Net.Http.Json.JsonContent.Create(new { platform_name = "X", primary_color = "#112233", logo_base64 = svg }))).ProblemAsync(400);
        Assert.Equal("branding.logo_type", badLogo.Code());

        var before = await (await anonymous.GetAsync("/api/v1/branding")).ReadAsync<BrandingDto>();
        Assert.NotEqual("X", before.PlatformName);

        var saved = await (await admin.PutAsync("/api/v1/admin/branding", System.Net.Http.Json.JsonContent.Create(
            new { platform_name = before.PlatformName, primary_color = "#0e7c66", logo_base64 = Convert.ToBase64String(Png) }))).ReadAsync<BrandingDto>();
        Assert.Equal("#0E7C66", saved.PrimaryColor);
        Assert.True(saved.HasLogo);
        var logo = await anonymous.GetAsync("/branding/logo");
        Assert.Equal("image/png", logo.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Png, await logo.Content.ReadAsByteArrayAsync());

        // Leave the default behind for the other tests.
        await (await admin.PutAsync("/api/v1/admin/branding", System.Net.Http.Json.JsonContent.Create(
            new { platform_name = PlatformBranding.DefaultName, primary_color = PlatformBranding.DefaultColor, logo_base64 = "" }))).ReadAsync<BrandingDto>();
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task The_default_logo_is_drawn_in_the_primary_colour_and_its_url_changes_with_the_colour(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var admin = await api.AdminAsync();
        using var anonymous = api.Anonymous();

        var saved = await (await admin.PutAsync("/api/v1/admin/branding", System.Net.Http.Json.JsonContent.Create(
            new { platform_name = PlatformBranding.DefaultName, primary_color = "#0e7c66", logo_base64 = "" }))).ReadAsync<System.Text.Json.JsonElement>();
        Assert.Equal("/branding/default-logo.svg?color=0E7C66", saved.GetProperty("logo_url").GetString());
        Assert.Equal("/branding/default-logo.svg?color=0E7C66", saved.GetProperty("favicon_url").GetString());
        var drawn = await anonymous.GetAsync("/branding/default-logo.svg?color=0E7C66");
        Assert.Equal("image/svg+xml", drawn.Content.Headers.ContentType?.MediaType);
        var svg = await drawn.Content.ReadAsStringAsync();
        Assert.Contains("fill=\"#0E7C66\"", svg);
        Assert.DoesNotContain(PlatformBranding.DefaultColor, svg);

        // Without a colour, or with anything but #RRGGBB, it is the saved colour; /branding/logo leads there too.
        Assert.Contains("fill=\"#0E7C66\"", await anonymous.GetStringAsync("/branding/default-logo.svg"));
        var forged = await anonymous.GetStringAsync("/branding/default-logo.svg?color=000000%22%20onload%3D%22alert(1)");
        Assert.Contains("fill=\"#0E7C66\"", forged);
        Assert.DoesNotContain("onload", forged);
        Assert.Contains("fill=\"#0E7C66\"", await anonymous.GetStringAsync("/branding/logo"));

        await (await admin.PutAsync("/api/v1/admin/branding", System.Net.Http.Json.JsonContent.Create(
            new { platform_name = PlatformBranding.DefaultName, primary_color = PlatformBranding.DefaultColor, logo_base64 = "" }))).ReadAsync<BrandingDto>();
        Assert.Contains($"fill=\"{PlatformBranding.DefaultColor}\"", await anonymous.GetStringAsync("/branding/default-logo.svg"));
    }

    [Fact]
    public void A_logo_is_recognised_by_its_bytes_not_its_name()
    {
        var now = DateTime.UtcNow;
        var brand = PlatformBranding.Default();
        brand.SetLogo(Png, now);
        Assert.Equal("image/png", brand.LogoContentType);
        Assert.Equal("branding.logo_type", Assert.Throws<DomainException>(() => brand.SetLogo("GIF"u8.ToArray(), now)).Code);
        Assert.Equal("branding.logo_size", Assert.Throws<DomainException>(() => brand.SetLogo(new byte[PlatformBranding.MaxLogoBytes + 1], now)).Code);
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ConvoMono.E2E.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConvoMono.E2E;

/// <summary>White-label branding (issue #3): the super admin's logo, colour and name on the layout, the sign-in page, the
/// browser icon and page titles; refused logos; going back to the default logo and brand. Each test leaves the default
/// brand behind for the next one of this class (the app is shared by the class).</summary>
public sealed class BrandingFlowTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Name = "Harbor Voice";
    private const string Color = "#0E7C66", ColorRgb = "rgb(14, 124, 102)";
    private const string DefaultName = "ConvoMono", DefaultColor = "#4F46E5", DefaultRgb = "rgb(79, 70, 229)";
    private const string White = "rgb(255, 255, 255)", Transparent = "rgba(0, 0, 0, 0)";
    private const int LogoSize = 48;
    private static readonly byte[] Logo = TestPng.Circle(LogoSize, 0xF9, 0x73, 0x16);

    [Fact]
    public async Task An_uploaded_logo_and_a_colour_brand_the_layout_sign_in_favicon_and_titles_until_the_admin_goes_back_to_the_default()
    {
        var admin = await BrandingPageAsync();
        var appBar = admin.Locator(".mud-appbar");
        var appBarLogo = appBar.Locator("img.appbar-logo");
        await Expect(appBarLogo).ToHaveAttributeAsync("src", DefaultLogoUrl(DefaultColor));
        await Expect(appBarLogo).ToHaveCSSAsync("background-color", Transparent); // the built-in logo fills its box
        await Expect(appBar).ToHaveCSSAsync("background-color", DefaultRgb);

        await ChooseLogoAsync(admin, new FilePayload { Name = "harbor.png", MimeType = "image/png", Buffer = Logo });
        await Expect(admin.Locator("#logo-preview")).ToHaveAttributeAsync("src", new Regex("^data:image/png;base64,"));
        await Expect(admin.Locator("#logo-preview")).ToHaveJSPropertyAsync("naturalWidth", LogoSize);
        await FillBrandAsync(admin, Name, Color, ColorRgb);
        await SaveAsync(admin);

        // The layout: the uploaded logo (served with its bytes and type), the name, the colour on the app bar and on a
        // primary filled button, and the name in the page title.
        await Expect(admin.Locator("#platform-name")).ToHaveTextAsync(Name);
        await Expect(appBarLogo).ToHaveAttributeAsync("src", new Regex(@"^/branding/logo\?v=\d+$"));
        await Expect(appBarLogo).ToHaveJSPropertyAsync("naturalWidth", LogoSize);
        await Expect(appBarLogo).ToHaveCSSAsync("background-color", White); // an uploaded one may be dark or transparent
        var logoUrl = (await appBarLogo.GetAttributeAsync("src"))!;
        await ExpectUploadedLogoAtAsync(admin, logoUrl);
        await Expect(appBar).ToHaveCSSAsync("background-color", ColorRgb);
        await admin.Mouse.MoveAsync(1, 1); // away from the save button, which darkens while hovered
        await Expect(admin.Locator("#save-branding")).ToHaveCSSAsync("background-color", ColorRgb);
        await Expect(admin).ToHaveTitleAsync($"Branding · {Name}");

        // Another page after a full load: its title, the browser icon, and labels that stay grey whatever the brand.
        await admin.GotoAsync("/admin");
        await admin.WaitForInteractiveAsync();
        await Expect(admin).ToHaveTitleAsync($"Dashboard · {Name}");
        await Expect(admin.Locator("link[rel=icon]")).ToHaveAttributeAsync("href", logoUrl);
        await ExpectUploadedLogoAtAsync(admin, (await admin.Locator("link[rel=icon]").GetAttributeAsync("href"))!);
        await Expect(admin.Locator(".mud-appbar")).ToHaveCSSAsync("background-color", ColorRgb);
        var textSecondary = await PaletteColorAsync(admin, "text-secondary");
        Assert.NotEqual(await PaletteColorAsync(admin, "secondary"), textSecondary);
        await Expect(admin.Locator("#stat-clients .mud-typography-subtitle2")).ToHaveCSSAsync("color", textSecondary);
        await SettledShotAsync(admin, "branding-layout");

        // The sign-in page, for a visitor: logo, name, colour, title and browser icon.
        var visitor = await app.NewPageAsync();
        await visitor.GotoAsync("/signin");
        var brand = visitor.Locator(".signin-brand");
        await Expect(brand).ToHaveTextAsync(Name);
        await Expect(brand.Locator("img")).ToHaveAttributeAsync("src", logoUrl);
        await Expect(brand.Locator("img")).ToHaveJSPropertyAsync("naturalWidth", LogoSize);
        await Expect(visitor.Locator("#signin-submit")).ToHaveCSSAsync("background-color", ColorRgb);
        await Expect(visitor).ToHaveTitleAsync($"Sign in · {Name}");
        await Expect(visitor.Locator("link[rel=icon]")).ToHaveAttributeAsync("href", logoUrl);
        await ExpectUploadedLogoAtAsync(visitor, logoUrl);
        await SettledShotAsync(visitor, "branding-signin");

        // Removing the logo brings back the default one, drawn in the brand's colour.
        await admin.GotoAsync("/admin/branding");
        await admin.WaitForInteractiveAsync();
        await admin.Locator("#remove-logo").ClickAsync();
        await Expect(admin.Locator("#logo-pending")).ToHaveTextAsync("The default logo replaces yours when you save.");
        await Expect(admin.Locator("#logo-preview")).ToHaveAttributeAsync("src", DefaultLogoUrl(Color));
        await Expect(admin.Locator("#remove-logo")).ToHaveCountAsync(0);
        await Expect(appBarLogo).ToHaveAttributeAsync("src", logoUrl); // nothing changes before the save
        await SaveAsync(admin);
        await Expect(appBarLogo).ToHaveAttributeAsync("src", DefaultLogoUrl(Color));
        await Expect(appBarLogo).ToHaveCSSAsync("background-color", Transparent);
        await Expect(admin.Locator("#logo-pending")).ToHaveCountAsync(0);
        var drawn = await admin.APIRequest.GetAsync(DefaultLogoUrl(Color));
        Assert.Equal("image/svg+xml", drawn.Headers["content-type"].Split(';')[0]);
        Assert.Contains($"fill=\"{Color}\"", await drawn.TextAsync());
        Assert.False((await BrandingAsync()).GetProperty("has_logo").GetBoolean());
        await SettledShotAsync(admin, "branding-default-logo-in-colour");

        // And back to the default brand.
        await FillBrandAsync(admin, DefaultName, DefaultColor, DefaultRgb);
        await SaveAsync(admin);
        await Expect(admin.Locator("#platform-name")).ToHaveTextAsync(DefaultName);
        await Expect(appBar).ToHaveCSSAsync("background-color", DefaultRgb);
        await Expect(appBarLogo).ToHaveAttributeAsync("src", DefaultLogoUrl(DefaultColor));
        await visitor.ReloadAsync();
        await Expect(visitor).ToHaveTitleAsync($"Sign in · {DefaultName}");
        await Expect(visitor.Locator(".signin-brand img")).ToHaveAttributeAsync("src", DefaultLogoUrl(DefaultColor));
        await Expect(visitor.Locator("link[rel=icon]")).ToHaveAttributeAsync("href", DefaultLogoUrl(DefaultColor));
    }

    [Fact]
    public async Task A_logo_too_big_or_not_an_image_is_refused_with_a_message_and_the_saved_logo_stays()
    {
        using (var api = await app.ApiAsync(BrowserApp.AdminEmail, BrowserApp.AdminPassword))
            (await api.PutAsJsonAsync("/api/v1/admin/branding", new { platform_name = DefaultName, primary_color = DefaultColor, logo_base64 = Convert.ToBase64String(Logo) }))
                .EnsureSuccessStatusCode();
        try
        {
            var admin = await BrandingPageAsync();
            var preview = admin.Locator("#logo-preview");
            await Expect(preview).ToHaveAttributeAsync("src", new Regex(@"^/branding/logo\?v=\d+$"));
            var saved = (await preview.GetAttributeAsync("src"))!;
            var error = admin.Locator("#logo-error");

            await ChooseLogoAsync(admin, new FilePayload { Name = "notes.png", MimeType = "image/png", Buffer = "just some text, not a picture"u8.ToArray() });
            await Expect(error).ToHaveTextAsync("notes.png was not used: the logo must be a PNG, JPEG, GIF or WebP image.");
            await Expect(preview).ToHaveAttributeAsync("src", saved);

            byte[] huge = [.. Logo, .. new byte[512 * 1024]];
            await ChooseLogoAsync(admin, new FilePayload { Name = "huge.png", MimeType = "image/png", Buffer = huge });
            await Expect(error).ToHaveTextAsync("huge.png was not used: the logo must be at most 512 KB.");
            await Expect(preview).ToHaveAttributeAsync("src", saved);
            await SettledShotAsync(admin, "branding-logo-refused");

            // Saving now keeps the logo that was there.
            await SaveAsync(admin);
            await Expect(error).ToHaveCountAsync(0);
            Assert.True((await BrandingAsync()).GetProperty("has_logo").GetBoolean());
            var logo = await admin.APIRequest.GetAsync("/branding/logo");
            Assert.Equal("image/png", logo.Headers["content-type"]);
            Assert.Equal(Logo, await logo.BodyAsync());
        }
        finally
        {
            using var api = await app.ApiAsync(BrowserApp.AdminEmail, BrowserApp.AdminPassword);
            (await api.PutAsJsonAsync("/api/v1/admin/branding", new { platform_name = DefaultName, primary_color = DefaultColor, logo_base64 = "" }))
                .EnsureSuccessStatusCode();
        }
    }

    private async Task<IPage> BrandingPageAsync()
    {
        var page = await app.NewPageAsync();
        await page.SignInAsync(BrowserApp.AdminEmail, BrowserApp.AdminPassword, "/signin?returnUrl=%2Fadmin%2Fbranding");
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/admin/branding");
        await page.WaitForInteractiveAsync();
        return page;
    }

    /// <summary>Picks a file the way a user does: the button opens the browser's file chooser.</summary>
    private static async Task ChooseLogoAsync(IPage page, FilePayload file)
    {
        var chooser = await page.RunAndWaitForFileChooserAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Choose image" }).ClickAsync());
        await chooser.SetFilesAsync(file);
    }

    /// <summary>Types the name and colour and waits until the page's preview shows both, so the save sends them.</summary>
    private static async Task FillBrandAsync(IPage page, string name, string color, string rgb)
    {
        await page.Locator("#brand-name").FillAsync(name);
        await page.Locator("#brand-color").FillAsync(color);
        await page.Locator("#brand-color").PressAsync("Tab");
        await Expect(page.Locator("#brand-preview")).ToHaveTextAsync(name);
        await Expect(page.Locator("#brand-preview")).ToHaveCSSAsync("background-color", rgb);
    }

    /// <summary>Saves and waits for the confirmation, first letting an earlier one go so it cannot stand in for this one.</summary>
    private static async Task SaveAsync(IPage page)
    {
        var saved = page.Locator(".mud-snackbar", new() { HasText = "Branding saved." });
        await Expect(saved).ToHaveCountAsync(0);
        await page.ClickAsync("#save-branding");
        await Expect(saved).ToBeVisibleAsync();
    }

    private static async Task ExpectUploadedLogoAtAsync(IPage page, string url)
    {
        var response = await page.APIRequest.GetAsync(url);
        Assert.Equal(200, response.Status);
        Assert.Equal("image/png", response.Headers["content-type"]);
        Assert.Equal(Logo, await response.BodyAsync());
    }

    private async Task<JsonElement> BrandingAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        return await http.GetFromJsonAsync<JsonElement>("/api/v1/branding");
    }

    /// <summary>A colour of the active MudBlazor palette (e.g. "text-secondary") as the browser computes it.</summary>
    private static Task<string> PaletteColorAsync(IPage page, string name) => page.EvaluateAsync<string>("""
        name => {
            const probe = document.createElement('span');
            probe.style.color = `var(--mud-palette-${name})`;
            document.body.append(probe);
            const color = getComputedStyle(probe).color;
            probe.remove();
            return color;
        }
        """, name);

    private static string DefaultLogoUrl(string color) => $"/branding/default-logo.svg?color={color.TrimStart('#')}";

    /// <summary>A screenshot once the fades and slides of snackbars and pickers have ended, as the user sees them.</summary>
    private static async Task SettledShotAsync(IPage page, string name)
    {
        await page.WaitForFunctionAsync(
            "() => document.getAnimations().every(a => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity)");
        await page.ShotAsync(name);
    }
}

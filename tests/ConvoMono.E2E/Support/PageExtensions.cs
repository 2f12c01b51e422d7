using Microsoft.Playwright;

namespace ConvoMono.E2E.Support;

public static class PageExtensions
{
    /// <summary>Waits until the Blazor circuit is live, so clicks reach event handlers.</summary>
    public static Task WaitForInteractiveAsync(this IPage page) =>
        page.Locator("#interactive-flag[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    public static async Task SignInAsync(this IPage page, string email, string password, string path = "/signin")
    {
        await page.GotoAsync(path);
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#signin-submit");
    }

    public static Task ShotAsync(this IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, name + ".png"), FullPage = true });

    /// <summary>A screenshot once the page's animations (ripples, focus lines, popovers opening) have finished.</summary>
    public static async Task SettledShotAsync(this IPage page, string name)
    {
        await page.WaitForFunctionAsync(
            "() => document.getAnimations().every(a => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity)");
        await page.ShotAsync(name);
    }
}

using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;

namespace ConvoMono.E2E.Support;

/// <summary>The real app on a loopback port with a fresh SQLite database, and Debian's Chromium driven by Playwright.</summary>
public sealed class BrowserApp : IAsyncLifetime
{
    public const string AdminEmail = "admin@e2e.local";
    public const string AdminPassword = "Admin-Passw0rd!";

    /// <summary>The simulator's outcome for a lead number ending in each key.</summary>
    public static readonly IReadOnlyDictionary<string, string> LaunchOutcomes = new Dictionary<string, string>
    {
        ["0181"] = "converted", ["0182"] = "converted", ["0183"] = "not_converted", ["0184"] = "not_converted",
        ["0185"] = "voicemail", ["0186"] = "no_answer",
    };

    private readonly string _dir = Directory.CreateTempSubdirectory("convomono-e2e-").FullName;
    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = default!;
    public WebApplicationFactory<Program> Factory => _factory!;

    public static string ScreenshotDir
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ConvoMono.slnx"))) dir = dir.Parent;
            var path = Path.Combine(dir?.FullName ?? Path.GetTempPath(), "artifacts", "screenshots");
            Directory.CreateDirectory(path);
            return path;
        }
    }

    public async ValueTask InitializeAsync()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting("Database:ConnectionString", $"Data Source={Path.Combine(_dir, "e2e.db")}");
            b.UseSetting("Bootstrap:AdminEmail", AdminEmail);
            b.UseSetting("Bootstrap:AdminPassword", AdminPassword);
            b.UseSetting("RateLimits:SignInPerMinute", "1000000");
            b.UseSetting("RateLimits:ApiKeyPerMinute", "10000000");
            b.UseSetting("RateLimits:ApiKeyPerIpPerMinute", "10000000");
            b.UseSetting("Logging:LogLevel:Default", "Warning");
            b.UseSetting("Auth:CircuitRecheckSeconds", "2"); // open pages notice a removed user or suspended client quickly
            b.UseSetting("urls", "http://127.0.0.1:0"); // a free port, so several apps can run at once
            // Simulated calls run 60× faster, so a launched campaign finishes in seconds; lead numbers ending in these
            // digits get a known outcome (the launch flow counts on it).
            b.UseSetting("Simulator:Speed", "60");
            foreach (var (ending, outcome) in LaunchOutcomes) b.UseSetting($"Simulator:OutcomeRules:{ending}", outcome);
        });
        _factory.UseKestrel(0);
        _factory.StartServer();
        BaseUrl = _factory.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    public const string OwnerPassword = "Owner-Passw0rd!";

    /// <summary>An API client signed in with a bearer token (for setting up what a browser test does not click through).</summary>
    public async Task<HttpClient> ApiAsync(string email, string password)
    {
        var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        var token = await (await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(http, "/api/v1/auth/token", new { email, password }))
            .Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        http.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("access_token").GetString());
        return http;
    }

    /// <summary>Creates a client over the admin API and returns its owner's email (password <see cref="OwnerPassword"/>).</summary>
    public async Task<string> NewClientOwnerAsync(string namePrefix)
    {
        using var admin = await ApiAsync(AdminEmail, AdminPassword);
        var email = $"owner-{Guid.NewGuid():N}@e2e.local";
        (await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(admin, "/api/v1/admin/clients", new Dictionary<string, object>
        {
            ["name"] = namePrefix + " " + Guid.NewGuid().ToString("N")[..6], ["billing_rate_per_minute"] = 0.3m,
            ["owner_email"] = email, ["owner_password"] = OwnerPassword,
        })).EnsureSuccessStatusCode();
        return email;
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new() { Width = 1366, Height = 850 } });
        context.SetDefaultTimeout(15_000);
        // Expectations wait as long as actions: on a loaded 2-core machine a server round trip can take seconds.
        Microsoft.Playwright.Assertions.SetDefaultExpectTimeout(15_000);
        var page = await context.NewPageAsync();
        // The app's Content-Security-Policy must not block anything it needs: Chromium reports each refusal on the console.
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) CspViolations.Enqueue(message.Text);
        };
        return page;
    }

    /// <summary>What the browser refused under the app's Content-Security-Policy, in any page of this app.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> CspViolations { get; } = new();

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}

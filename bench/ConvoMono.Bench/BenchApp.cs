using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ConvoMono.Bench;

/// <summary>The app on SQLite (a temp file) or on a PostgreSQL database the caller names, logging off.</summary>
public static class BenchApp
{
    public const string AdminEmail = "admin@bench.local";
    public const string AdminPassword = "Admin-Passw0rd!";

    public static WebApplicationFactory<Program> Create(string provider, string? connection)
    {
        var postgres = provider.Equals("postgres", StringComparison.OrdinalIgnoreCase);
        connection ??= postgres
            ? throw new ArgumentException("postgres needs a connection string")
            : $"Data Source={Path.Combine(Directory.CreateTempSubdirectory("convomono-bench-").FullName, "bench.db")}";
        return new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Benchmark");
            b.UseSetting("Database:Provider", postgres ? "Postgres" : "Sqlite");
            b.UseSetting("Database:ConnectionString", connection);
            b.UseSetting("Database:MigrateOnStart", "true");
            b.UseSetting("Bootstrap:AdminEmail", AdminEmail);
            b.UseSetting("Bootstrap:AdminPassword", AdminPassword);
            b.UseSetting("RateLimits:SignInPerMinute", "1000000");
            b.UseSetting("RateLimits:ApiKeyPerMinute", "10000000");
            b.UseSetting("RateLimits:ApiKeyPerIpPerMinute", "10000000");
            b.UseSetting("Logging:LogLevel:Default", "Error");
        });
    }

    /// <summary>Turns the app's jobs (its BackgroundServices) off, as the tests' TestAppFactory does: the benchmark drives
    /// them itself, or measures without them. Plumbing hosted services and the simulators stay on.</summary>
    public static void RemoveJobs(Microsoft.Extensions.DependencyInjection.IServiceCollection services)
    {
        foreach (var hosted in services.Where(d => d.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostedService)
                     && d.ImplementationType?.Assembly == typeof(ConvoMono.Infrastructure.Data.AppDbContext).Assembly
                     && d.ImplementationType.IsSubclassOf(typeof(Microsoft.Extensions.Hosting.BackgroundService))).ToList())
            services.Remove(hosted);
    }

    /// <summary>A bearer token for an email and password.</summary>
    public static async Task<string> TokenAsync(HttpClient http, string email, string password) =>
        (await (await http.PostAsJsonAsync("/api/v1/auth/token", new { email, password })).Content.ReadFromJsonAsync<JsonElement>())
        .GetProperty("access_token").GetString()!;

    /// <summary>An HTTP client signed in as the bootstrap admin.</summary>
    public static async Task<HttpClient> AdminAsync(WebApplicationFactory<Program> factory)
    {
        var http = factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(http, AdminEmail, AdminPassword));
        return http;
    }

    /// <summary>Creates a client with its owner (password Owner-Passw0rd!) and returns its id.</summary>
    public static async Task<Guid> CreateClientAsync(HttpClient admin, string name, string ownerEmail, int initialMinutes = 0, int incrementSeconds = 60)
    {
        var created = await (await admin.PostAsJsonAsync("/api/v1/admin/clients", new Dictionary<string, object>
        {
            ["name"] = name, ["billing_rate_per_minute"] = 0.2m, ["billing_increment_seconds"] = incrementSeconds, ["initial_minutes"] = initialMinutes,
            ["owner_email"] = ownerEmail, ["owner_password"] = "Owner-Passw0rd!",
        })).Content.ReadFromJsonAsync<JsonElement>();
        return created.GetProperty("id").GetGuid();
    }
}

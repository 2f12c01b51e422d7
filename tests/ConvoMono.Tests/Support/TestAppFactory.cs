using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Twilio;
using ConvoMono.Infrastructure.Voice;
using ConvoMono.Simulators.Retell;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ConvoMono.Tests.Support;

/// <summary>The real app on a real database (schema from the migrations), with background jobs off:
/// tests drive jobs through their <c>RunOnceAsync</c>.</summary>
public sealed class TestAppFactory(Db db, string connectionString) : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@test.local";
    public const string AdminPassword = "Admin-Passw0rd!";

    public Db Db => db;
    public string ConnectionString => connectionString;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", db == Db.Postgres ? "Postgres" : "Sqlite");
        builder.UseSetting("Database:ConnectionString", connectionString);
        builder.UseSetting("Database:MigrateOnStart", "true");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Bootstrap:AdminEmail", AdminEmail);
        builder.UseSetting("Bootstrap:AdminPassword", AdminPassword);
        // Every test signs in from the same (in-memory) address; the limits have tests of their own (RateLimitTests).
        builder.UseSetting("RateLimits:SignInPerMinute", "1000000");
        builder.UseSetting("RateLimits:ApiKeyPerMinute", "10000000");
        builder.UseSetting("RateLimits:ApiKeyPerIpPerMinute", "10000000");
        builder.ConfigureServices(services =>
        {
            // Jobs (BackgroundService) are off; plumbing hosted services such as the live-update bridge stay on.
            foreach (var hosted in services.Where(d => d.ServiceType == typeof(IHostedService)
                         && d.ImplementationType?.Assembly == typeof(AppDbContext).Assembly
                         && d.ImplementationType.IsSubclassOf(typeof(BackgroundService))).ToList())
                services.Remove(hosted);

            // The in-memory test server has no port: the app's provider clients (and the simulator's webhook sender)
            // reach the simulators it serves through the test server's own handler, as they would over loopback.
            services.AddHttpClient<RetellClient>().ConfigurePrimaryHttpMessageHandler(() => Server.CreateHandler());
            services.AddHttpClient<TwilioClient>().ConfigurePrimaryHttpMessageHandler(() => Server.CreateHandler());
            services.AddHttpClient(RetellCallSimulator.WebhookClient).ConfigurePrimaryHttpMessageHandler(() => Server.CreateHandler());
        });
    }
}

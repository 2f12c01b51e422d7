using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Twilio;
using ConvoMono.Infrastructure.Voice;
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

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", db == Db.Postgres ? "Postgres" : "Sqlite");
        builder.UseSetting("Database:ConnectionString", connectionString);
        builder.UseSetting("Database:MigrateOnStart", "true");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Bootstrap:AdminEmail", AdminEmail);
        builder.UseSetting("Bootstrap:AdminPassword", AdminPassword);
        builder.ConfigureServices(services =>
        {
            // Jobs (BackgroundService) are off; plumbing hosted services such as the live-update bridge stay on.
            foreach (var hosted in services.Where(d => d.ServiceType == typeof(IHostedService)
                         && d.ImplementationType?.Assembly == typeof(AppDbContext).Assembly
                         && d.ImplementationType.IsSubclassOf(typeof(BackgroundService))).ToList())
                services.Remove(hosted);
            // There is no port to call under the test server: the provider clients reach the built-in simulators in-process.
            services.AddHttpClient<RetellClient>().ConfigurePrimaryHttpMessageHandler(() => new InProcessHandler(this));
            services.AddHttpClient<TwilioClient>().ConfigurePrimaryHttpMessageHandler(() => new InProcessHandler(this));
        });
    }
}

/// <summary>Sends requests into the factory's test server, created on first use (after the host has started).</summary>
internal sealed class InProcessHandler(WebApplicationFactory<Program> factory) : HttpMessageHandler
{
    private HttpMessageInvoker? _server;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        _server ??= new HttpMessageInvoker(factory.Server.CreateHandler());
        return _server.SendAsync(request, ct);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _server?.Dispose();
        base.Dispose(disposing);
    }
}

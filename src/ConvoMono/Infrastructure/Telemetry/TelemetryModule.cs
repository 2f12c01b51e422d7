using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using OpenTelemetry.Metrics;

namespace ConvoMono.Infrastructure.Telemetry;

public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>Bearer token Prometheus sends to <c>/metrics</c> (Metrics__ScrapeToken). Without one, only this machine
    /// (loopback) may read it.</summary>
    [StringLength(200)] public string? ScrapeToken { get; set; }
}

public static class TelemetryModule
{
    public const string MetricsPath = "/metrics";

    public static IServiceCollection AddTelemetry(this IServiceCollection services)
    {
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AppMetrics>();
        services.AddSingleton<LedgerMetricsInterceptor>();
        services.AddHostedService<MetricsSnapshotJob>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(AppMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections",
                "Microsoft.AspNetCore.Components", "System.Net.Http", "System.Runtime", "Npgsql")
            .AddPrometheusExporter());
        return services;
    }

    /// <summary><c>/metrics</c> in Prometheus' text format, for a scraper with the token or, without a token configured,
    /// for this machine only.</summary>
    public static WebApplication MapMetrics(this WebApplication app)
    {
        app.UseWhen(http => http.Request.Path == MetricsPath, branch => branch.Use(async (http, next) =>
        {
            var token = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<MetricsOptions>>().Value.ScrapeToken;
            if (!Allowed(http, token))
            {
                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
            await next(http);
        }));
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }

    private static bool Allowed(HttpContext http, string? token)
    {
        if (string.IsNullOrEmpty(token))
            return http.Connection.RemoteIpAddress is not { } ip || IPAddress.IsLoopback(ip);
        var header = http.Request.Headers.Authorization.ToString();
        var sent = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : "";
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(sent)), SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }
}

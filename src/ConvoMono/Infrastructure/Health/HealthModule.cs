using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ConvoMono.Infrastructure.Health;

public sealed record HealthCheckDto(string Status, string? Description);

public sealed record HealthResponse(string Status, IReadOnlyDictionary<string, HealthCheckDto> Checks);

public static class HealthModule
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag]);
        return services;
    }

    // Plain endpoints over HealthCheckService (rather than MapHealthChecks) so the OpenAPI document describes them.
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health").WithTags("Health").AllowAnonymous();
        group.MapGet("/live", () => TypedResults.Ok(new HealthResponse("healthy", new Dictionary<string, HealthCheckDto>())))
            .WithSummary("Liveness: the process answers");
        group.MapGet("/ready", async Task<JsonHttpResult<HealthResponse>> (HealthCheckService health, CancellationToken ct) =>
            {
                var report = await health.CheckHealthAsync(c => c.Tags.Contains(ReadyTag), ct);
                var body = new HealthResponse(Name(report.Status),
                    report.Entries.ToDictionary(e => e.Key, e => new HealthCheckDto(Name(e.Value.Status), e.Value.Description)));
                return TypedResults.Json(body, statusCode: report.Status == HealthStatus.Unhealthy ? 503 : 200);
            })
            .WithSummary("Readiness: database reachable and migrated (503 when not)");
        return app;
    }

    private static string Name(HealthStatus status) => status.ToString().ToLowerInvariant();
}

using ConvoMono.Infrastructure.Auth;

namespace ConvoMono.Features.Analytics.Ops;

/// <summary>The operator's view of the business and of the platform itself: KPIs, the Retell cost reconciliation and
/// system health.</summary>
public static class OpsModule
{
    public static IServiceCollection AddOps(this IServiceCollection services)
    {
        // One buffer per process, fed by a logger provider the logging system picks up from the container.
        services.AddSingleton<RecentErrorsLog>();
        services.AddSingleton<ILoggerProvider, RecentErrorsLoggerProvider>();
        return services
            .AddScoped<KpisHandler>()
            .AddScoped<ReconciliationHandler>()
            .AddScoped<SystemHealthHandler>();
    }

    public static IEndpointRouteBuilder MapOpsEndpoints(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/v1/admin/reports").WithTags("Admin: reports").RequireAuthorization(Policies.SuperAdmin);
        reports.MapGet("/kpis", async ([AsParameters] KpiQuery query, KpisHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(query, ct)))
            .ProducesValidationProblem()
            .WithSummary("Business KPIs over a range of UTC days (default: the last 30): conversion rate, call success rate, call quality, "
                + "profit margin (USD clients), Retell cost per call and per connected minute, usage, client retention; each with a daily trend "
                + "(retention: monthly). From the daily call rollup.");
        reports.MapGet("/reconciliation", async ([AsParameters] ReconciliationQuery query, ReconciliationHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(query, ct)))
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .WithSummary("Our recorded Retell cost of each call that started on a UTC day (default: yesterday) against Retell's own call list: "
                + "calls Retell has that we don't (with the client and campaign from its metadata), calls we have that Retell doesn't, cost "
                + "differences above 0.0001 USD, and both sides' totals. 502 (code reconciliation.retell_unavailable) when Retell cannot be read.");

        app.MapGet("/api/v1/admin/health", async (SystemHealthHandler handler, CancellationToken ct) => TypedResults.Ok(await handler.HandleAsync(ct)))
            .WithTags("Admin: system").RequireAuthorization(Policies.SuperAdmin)
            .WithSummary("System health: webhook inbox depth, intake lag, processed in the last 5 minutes and failures; the dispatcher's queue; "
                + "Retell reachability and concurrency in use; database status; this instance's recent warnings and errors (phone numbers masked)");
        return app;
    }
}

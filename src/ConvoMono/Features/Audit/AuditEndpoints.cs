using ConvoMono.Infrastructure.Auth;
using ConvoMono.Infrastructure.Http;

namespace ConvoMono.Features.Audit;

public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/admin/audit", async (ListAuditHandler handler, [AsParameters] ListAuditQuery filter, [AsParameters] PageQuery page, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(filter, page, ct)))
            .WithTags("Admin: audit")
            .RequireAuthorization(Policies.SuperAdmin)
            .WithSummary("The audit log, newest first; filter by client and action");
        return app;
    }
}

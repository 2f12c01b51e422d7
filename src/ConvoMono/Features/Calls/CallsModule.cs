using ConvoMono.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConvoMono.Features.Calls;

public static class CallsModule
{
    public static IServiceCollection AddCalls(this IServiceCollection services) => services
        .AddScoped<CampaignStatsHandler>();

    public static IEndpointRouteBuilder MapCallEndpoints(this IEndpointRouteBuilder app)
    {
        var client = app.MapGroup("/api/v1").WithTags("Calls").RequireAuthorization(Policies.Client);

        client.MapGet("/campaigns/{id:guid}/stats", async Task<Results<Ok<CampaignStatsDto>, NotFound>> (Guid id, CampaignStatsHandler handler, CancellationToken ct) =>
                await handler.HandleAsync(id, ct) is { } stats ? TypedResults.Ok(stats) : TypedResults.NotFound())
            .WithSummary("Leads by status, calls by outcome, conversion rate, minutes and amount billed, progress");
        return app;
    }
}

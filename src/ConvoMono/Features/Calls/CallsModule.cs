using ConvoMono.Features.Calls.Admin;
using ConvoMono.Infrastructure.Auth;
using ConvoMono.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConvoMono.Features.Calls;

public static class CallsModule
{
    public static IServiceCollection AddCalls(this IServiceCollection services) => services
        .AddScoped<CampaignStatsHandler>()
        .AddScoped<ListCallsHandler>()
        .AddScoped<GetCallHandler>()
        .AddScoped<AdminCallsHandler>();

    public static IEndpointRouteBuilder MapCallEndpoints(this IEndpointRouteBuilder app)
    {
        var client = app.MapGroup("/api/v1").WithTags("Calls").RequireAuthorization(Policies.Client);

        client.MapGet("/campaigns/{id:guid}/stats", async Task<Results<Ok<CampaignStatsDto>, NotFound>> (Guid id, CampaignStatsHandler handler, CancellationToken ct) =>
                await handler.HandleAsync(id, ct) is { } stats ? TypedResults.Ok(stats) : TypedResults.NotFound())
            .WithSummary("Leads by status, calls by outcome, conversion rate, minutes and amount billed, progress");
        client.MapGet("/calls", async (ListCallsHandler handler, [AsParameters] ListCallsQuery filter, [AsParameters] PageQuery page, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(filter, page, ct)))
            .WithSummary("The client's calls, newest first; filter by campaign, lead, status, outcome and when they were placed. "
                + "List items leave out the transcript (read the call for it)");
        client.MapGet("/calls/{id:guid}", async Task<Results<Ok<CallDto>, NotFound>> (Guid id, GetCallHandler handler, CancellationToken ct) =>
                await handler.HandleAsync(id, ct) is { } call ? TypedResults.Ok(call) : TypedResults.NotFound())
            .WithSummary("A call with its status, outcome, duration, billed seconds and amount, transcript, recording and analysis");

        var admin = app.MapGroup("/api/v1/admin/calls").WithTags("Admin: calls").RequireAuthorization(Policies.SuperAdmin);
        admin.MapGet("/", async (AdminCallsHandler handler, [AsParameters] ListAdminCallsQuery filter, [AsParameters] PageQuery page, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(filter, page, ct)))
            .WithSummary("Every client's calls, newest first, with Retell cost and its breakdown (USD) and profit (null unless the client is "
                + "billed in USD); filter by client, campaign, status, outcome and when they were placed. List items leave out the transcript");
        admin.MapGet("/{id:guid}", async Task<Results<Ok<AdminCallDto>, NotFound>> (Guid id, AdminCallsHandler handler, CancellationToken ct) =>
                await handler.GetAsync(id, ct) is { } call ? TypedResults.Ok(call) : TypedResults.NotFound())
            .WithSummary("Any client's call with its transcript, Retell cost, cost per Retell product (USD) and profit");
        return app;
    }
}

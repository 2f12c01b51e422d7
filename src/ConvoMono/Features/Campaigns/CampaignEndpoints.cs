using ConvoMono.Infrastructure.Auth;
using ConvoMono.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConvoMono.Features.Campaigns;

public static class CampaignEndpoints
{
    public static IEndpointRouteBuilder MapCampaignEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/campaigns").WithTags("Campaigns").RequireAuthorization(Policies.Client);

        group.MapPost("/", async Task<Created<CampaignDto>> (CampaignRequest request, CreateCampaignHandler handler, CancellationToken ct) =>
            {
                var campaign = await handler.HandleAsync(request, ct);
                return TypedResults.Created($"/api/v1/campaigns/{campaign.Id}", campaign);
            })
            .WithSummary("Create a campaign (a draft) and its Retell LLM and agent");

        group.MapGet("/", async ([AsParameters] CampaignListQuery filter, [AsParameters] PageQuery page, ListCampaignsHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(filter, page, ct)))
            .WithSummary("The client's campaigns, newest first (archived ones with ?archived=true)");

        group.MapGet("/{id:guid}", async Task<Results<Ok<CampaignDto>, NotFound>> (Guid id, GetCampaignHandler handler, CancellationToken ct) =>
                await handler.HandleAsync(id, ct) is { } campaign ? TypedResults.Ok(campaign) : TypedResults.NotFound())
            .WithSummary("A campaign with every setting, its placeholders and its Retell sync status");

        group.MapPatch("/{id:guid}", async Task<Results<Ok<CampaignDto>, NotFound>> (Guid id, CampaignRequest request, UpdateCampaignHandler handler, CancellationToken ct) =>
                await handler.HandleAsync(id, request, ct) is { } campaign ? TypedResults.Ok(campaign) : TypedResults.NotFound())
            .WithSummary("Change a campaign (absent fields keep their value); its Retell LLM and agent are updated");

        group.MapDelete("/{id:guid}", async Task<Results<NoContent, NotFound>> (Guid id, DeleteCampaignHandler handler, CancellationToken ct) =>
                await handler.HandleAsync(id, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .WithSummary("Delete a draft campaign (others are archived instead: 409)");

        group.MapPost("/{id:guid}/archive", async Task<Results<Ok<CampaignDto>, NotFound>> (Guid id, ArchiveCampaignHandler handler, CancellationToken ct) =>
                await handler.HandleAsync(id, ct) is { } campaign ? TypedResults.Ok(campaign) : TypedResults.NotFound())
            .WithSummary("Archive a campaign that is not running: it leaves the list and can no longer be edited");

        group.MapPost("/{id:guid}/sync", async Task<Results<Ok<CampaignDto>, NotFound>> (Guid id, SyncCampaignHandler handler, CancellationToken ct) =>
                await handler.HandleAsync(id, ct) is { } campaign ? TypedResults.Ok(campaign) : TypedResults.NotFound())
            .WithSummary("Send the campaign to Retell again (after a failed sync)");
        return app;
    }
}

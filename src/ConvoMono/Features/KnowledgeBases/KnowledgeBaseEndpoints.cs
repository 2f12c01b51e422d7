using ConvoMono.Infrastructure.Auth;
using ConvoMono.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ConvoMono.Features.KnowledgeBases;

public static class KnowledgeBaseEndpoints
{
    public static IEndpointRouteBuilder MapKnowledgeBaseEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/knowledge-bases").WithTags("Knowledge bases").RequireAuthorization(Policies.Client);

        group.MapPost("/", async Task<Created<KnowledgeBaseDto>> (HttpRequest http, CreateKnowledgeBaseHandler handler, CancellationToken ct) =>
            {
                var kb = await handler.HandleAsync(await CreateKnowledgeBaseForm.ReadAsync(http, ct), ct);
                return TypedResults.Created($"/api/v1/knowledge-bases/{kb.Id}", kb);
            })
            .Accepts<CreateKnowledgeBaseForm>("multipart/form-data")
            .DisableAntiforgery() // API clients authenticate with bearer tokens; the page calls the handler directly
            .WithMetadata(new RequestSizeLimitAttribute(KnowledgeBaseLimits.MaxRequestBytes))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("Create a knowledge base from files, texts and URLs and send it to Retell")
            .WithDescription("multipart/form-data: `name` (under 40 characters), `files` (repeatable; " + KnowledgeBaseLimits.Describe
                + "), `texts` (one field holding a JSON array of `{title, text}`), `urls` (repeatable, http or https). "
                + "Answers 201 with status `in_progress` while Retell indexes, or `error` with Retell's message (then retry).");

        group.MapGet("/", async (ListKnowledgeBasesHandler handler, [AsParameters] PageQuery page, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(page, ct)))
            .WithSummary("The client's knowledge bases, newest first, with their sources and sync status");

        group.MapGet("/{id:guid}", async Task<Results<Ok<KnowledgeBaseDto>, NotFound>> (Guid id, GetKnowledgeBaseHandler handler, CancellationToken ct) =>
                await handler.HandleAsync(id, ct) is { } kb ? TypedResults.Ok(kb) : TypedResults.NotFound())
            .WithSummary("A knowledge base with its sources (kind, name, size) and the campaigns that use it");

        group.MapPost("/{id:guid}/retry", async Task<Results<Ok<KnowledgeBaseDto>, NotFound>> (Guid id, RetryKnowledgeBaseHandler handler, CancellationToken ct) =>
                await handler.HandleAsync(id, ct) is { } kb ? TypedResults.Ok(kb) : TypedResults.NotFound())
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Send a knowledge base whose sync failed to Retell again");

        group.MapDelete("/{id:guid}", async Task<Results<NoContent, NotFound>> (Guid id, DeleteKnowledgeBaseHandler handler, CancellationToken ct) =>
                await handler.HandleAsync(id, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Delete a knowledge base here and in Retell; refused (409) while a running or scheduled campaign uses it");
        return app;
    }
}

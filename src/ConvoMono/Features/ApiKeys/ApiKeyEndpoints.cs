using ConvoMono.Infrastructure.Auth;
using ConvoMono.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConvoMono.Features.ApiKeys;

public static class ApiKeyEndpoints
{
    public static IEndpointRouteBuilder MapApiKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/api-keys").WithTags("API keys").RequireAuthorization(Policies.ClientOwner);

        group.MapPost("/", async Task<Created<CreatedApiKeyDto>> (CreateApiKeyRequest request, CreateApiKeyHandler handler, HttpContext http, CancellationToken ct) =>
            {
                var key = await handler.HandleAsync(request, ct);
                http.Items[IdempotencyMiddleware.OneTimeSecret] = true; // an Idempotency-Key retry must not get the secret again
                return TypedResults.Created($"/api/v1/api-keys/{key.Id}", key);
            })
            .WithSummary("Create an API key; the secret is in this response only");

        group.MapGet("/", async (ListApiKeysHandler handler, [AsParameters] PageQuery page, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(page, ct)))
            .WithSummary("The client's API keys (never their secrets)");

        group.MapDelete("/{id:guid}", async Task<Results<NoContent, NotFound>> (Guid id, RevokeApiKeyHandler handler, CancellationToken ct) =>
                await handler.HandleAsync(id, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .WithSummary("Revoke an API key");
        return app;
    }
}

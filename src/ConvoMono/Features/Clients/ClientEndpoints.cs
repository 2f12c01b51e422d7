using ConvoMono.Infrastructure.Auth;
using ConvoMono.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConvoMono.Features.Clients;

public static class ClientEndpoints
{
    public static IEndpointRouteBuilder MapClientEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/admin/clients").WithTags("Admin: clients").RequireAuthorization(Policies.SuperAdmin);

        group.MapPost("/", async Task<Created<ClientDto>> (CreateClientRequest request, CreateClientHandler handler, CancellationToken ct) =>
        {
            var client = await handler.HandleAsync(request, ct);
            return TypedResults.Created($"/api/v1/admin/clients/{client.Id}", client);
        }).WithSummary("Create a client with its owner user (and optional initial minutes)");

        group.MapGet("/", async (ListClientsHandler handler, [AsParameters] ListClientsQuery filter, [AsParameters] PageQuery page, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(filter, page, ct)))
            .WithSummary("List clients, newest first; filter by name and status");

        group.MapGet("/{id:guid}", async Task<Results<Ok<ClientDto>, NotFound>> (Guid id, GetClientHandler handler, CancellationToken ct) =>
            await handler.HandleAsync(id, ct) is { } client ? TypedResults.Ok(client) : TypedResults.NotFound())
            .WithSummary("Read a client");

        group.MapPatch("/{id:guid}", async Task<Results<Ok<ClientDto>, NotFound>> (Guid id, UpdateClientRequest request, UpdateClientHandler handler, CancellationToken ct) =>
            await handler.HandleAsync(id, request, ct) is { } client ? TypedResults.Ok(client) : TypedResults.NotFound())
            .WithSummary("Change a client's name, billing rate, increment, locale or status (active|suspended)");
        return app;
    }
}

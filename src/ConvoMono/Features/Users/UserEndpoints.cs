using ConvoMono.Infrastructure.Auth;
using ConvoMono.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConvoMono.Features.Users;

public static class UserEndpoints
{
    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var team = app.MapGroup("/api/v1/users").WithTags("Team").RequireAuthorization(Policies.Client);

        team.MapGet("/", async (ListUsersHandler handler, [AsParameters] PageQuery page, CancellationToken ct) =>
            TypedResults.Ok(await handler.HandleAsync(page, ct)))
            .WithSummary("The users of the caller's client");

        team.MapPost("/", async Task<Created<UserDto>> (AddUserRequest request, AddUserHandler handler, CancellationToken ct) =>
            {
                var user = await handler.HandleAsync(request, ct);
                return TypedResults.Created($"/api/v1/users/{user.Id}", user);
            })
            .RequireAuthorization(Policies.ClientOwner)
            .WithSummary("Add a user to the team (owner only)");

        team.MapDelete("/{id:guid}", async Task<Results<NoContent, NotFound>> (Guid id, RemoveUserHandler handler, CancellationToken ct) =>
                await handler.HandleAsync(id, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .RequireAuthorization(Policies.ClientOwner)
            .WithSummary("Remove a user from the team (owner only)");

        app.MapGet("/api/v1/admin/clients/{id:guid}/users", async (Guid id, ListUsersHandler handler, [AsParameters] PageQuery page, CancellationToken ct) =>
                TypedResults.Ok(await handler.ForClientAsync(id, page, ct)))
            .WithTags("Admin: clients")
            .RequireAuthorization(Policies.SuperAdmin)
            .WithSummary("A client's users");
        return app;
    }
}

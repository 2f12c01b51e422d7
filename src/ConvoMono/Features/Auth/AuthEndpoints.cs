using System.Security.Claims;
using ConvoMono.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConvoMono.Features.Auth;

public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1").WithTags("Auth");

        group.MapPost("/auth/token", async Task<Ok<IssueTokenResponse>> (IssueTokenRequest request, IssueTokenHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(request, ct)))
            .AllowAnonymous()
            .RequireRateLimiting(Infrastructure.Security.RateLimits.SignIn)
            .WithSummary("Exchange email and password for a short-lived bearer access token (rate limited per IP: 429 with Retry-After)")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapGet("/me", (ClaimsPrincipal user) => TypedResults.Ok(GetMe.From(user)))
            .RequireAuthorization()
            .WithSummary("The caller: user, role and client");

        group.MapPost("/me/password", async Task<NoContent> (ChangePasswordRequest request, ChangePasswordHandler handler, CancellationToken ct) =>
            {
                await handler.HandleAsync(request, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization()
            .WithSummary("Change the signed-in user's password");
        return app;
    }
}

using System.Security.Claims;
using ConvoMono.Infrastructure.Auth;

namespace ConvoMono.Features.Auth;

/// <summary>The caller. An API key has no user: <c>user_id</c> and <c>email</c> are null and <c>api_key_id</c> is set.</summary>
public sealed record MeResponse(Guid? UserId, string? Email, string Role, Guid? ClientId, Guid? ApiKeyId);

public static class GetMe
{
    public static MeResponse From(ClaimsPrincipal principal) => new(
        principal.UserId(), principal.ApiKeyId() is null ? principal.FindFirstValue(ClaimTypes.Email) : null,
        principal.FindFirstValue(ClaimTypes.Role) ?? "", principal.ClientId(), principal.ApiKeyId());
}

using System.Security.Claims;

namespace ConvoMono.Infrastructure.Auth;

public static class AppClaims
{
    public const string ClientIdType = "client_id";
    public const string ApiKeyIdType = "api_key_id";

    public static Guid? ClientId(this ClaimsPrincipal principal) => ParseGuid(principal.FindFirstValue(ClientIdType));

    public static Guid? ApiKeyId(this ClaimsPrincipal principal) => ParseGuid(principal.FindFirstValue(ApiKeyIdType));

    /// <summary>The Identity user id; API-key principals have none.</summary>
    public static Guid? UserId(this ClaimsPrincipal principal) =>
        principal.ApiKeyId() is null ? ParseGuid(principal.FindFirstValue(ClaimTypes.NameIdentifier)) : null;

    private static Guid? ParseGuid(string? value) => Guid.TryParse(value, out var id) ? id : null;
}

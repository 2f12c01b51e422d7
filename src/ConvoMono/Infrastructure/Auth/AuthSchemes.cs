namespace ConvoMono.Infrastructure.Auth;

public static class AuthSchemes
{
    /// <summary>Picks cookie, access token or API key by what the request carries.</summary>
    public const string Smart = "smart";
    public const string AccessToken = "access_token";
    public const string ApiKey = "api_key";
}

public static class Policies
{
    public const string SuperAdmin = "super_admin";
    public const string Client = "client";
    public const string ClientOwner = "client_owner";
}

namespace ConvoMono.Features.ApiKeys;

public static class ApiKeysModule
{
    public static IServiceCollection AddApiKeys(this IServiceCollection services) => services
        .AddScoped<CreateApiKeyHandler>()
        .AddScoped<ListApiKeysHandler>()
        .AddScoped<RevokeApiKeyHandler>();
}

namespace ConvoMono.Features.Auth;

public static class AuthFeatureModule
{
    public static IServiceCollection AddAuthFeature(this IServiceCollection services)
    {
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.Section);
        return services
            .AddSingleton<BootstrapAdmin>()
            .AddScoped<IssueTokenHandler>()
            .AddScoped<ChangePasswordHandler>();
    }
}

using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConvoMono.Infrastructure.Data;

public static class DataModule
{
    public static IServiceCollection AddData(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<TenantContext>();
        services.AddSingleton(sp => AppDbContextFactory.BuildOptions(
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value, sp.GetRequiredService<IHostEnvironment>().ContentRootPath,
            sp.GetRequiredService<Telemetry.LedgerMetricsInterceptor>()));
        services.AddScoped<IDbContextFactory<AppDbContext>, AppDbContextFactory>();
        // Identity's stores and Data Protection's key store want a scoped context; everything else uses the factory.
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        services.AddSingleton<Migrator>();
        services.AddSingleton<TenantDbFactory>();
        return services;
    }
}

namespace ConvoMono.Features.Leads;

public static class LeadsModule
{
    public static IServiceCollection AddLeads(this IServiceCollection services)
    {
        services.AddOptions<LeadsOptions>().BindConfiguration(LeadsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services
            .AddSingleton<LeadImporter>()
            .AddSingleton<LeadImportProgress>()
            .AddSingleton<LeadImportQueue>()
            .AddHostedService<LeadImportWorker>()
            .AddScoped<ImportLeadsHandler>()
            .AddScoped<LeadImportsHandler>()
            .AddScoped<ListLeadsHandler>();
    }
}

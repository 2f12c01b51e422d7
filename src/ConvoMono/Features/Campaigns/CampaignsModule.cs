namespace ConvoMono.Features.Campaigns;

public static class CampaignsModule
{
    public static IServiceCollection AddCampaigns(this IServiceCollection services) => services
        .AddScoped<CampaignReferences>()
        .AddScoped<CampaignRetellSync>()
        .AddScoped<CreateCampaignHandler>()
        .AddScoped<UpdateCampaignHandler>()
        .AddScoped<SyncCampaignHandler>()
        .AddScoped<GetCampaignHandler>()
        .AddScoped<ListCampaignsHandler>()
        .AddScoped<DeleteCampaignHandler>()
        .AddScoped<ArchiveCampaignHandler>()
        .AddScoped<CampaignEditorOptionsHandler>();
}

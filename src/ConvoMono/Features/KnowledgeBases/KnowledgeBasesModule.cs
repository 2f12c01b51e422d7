namespace ConvoMono.Features.KnowledgeBases;

public static class KnowledgeBasesModule
{
    public static IServiceCollection AddKnowledgeBases(this IServiceCollection services) => services
        .AddScoped<KnowledgeBaseSync>()
        .AddScoped<CreateKnowledgeBaseHandler>()
        .AddScoped<ListKnowledgeBasesHandler>()
        .AddScoped<GetKnowledgeBaseHandler>()
        .AddScoped<RetryKnowledgeBaseHandler>()
        .AddScoped<DeleteKnowledgeBaseHandler>()
        .AddHostedService<KnowledgeBaseSyncJob>();
}

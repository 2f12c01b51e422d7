namespace ConvoMono.Features.Audit;

public static class AuditModule
{
    public static IServiceCollection AddAudit(this IServiceCollection services) => services.AddScoped<ListAuditHandler>();
}

namespace ConvoMono.Features.Credits;

public static class CreditsModule
{
    public static IServiceCollection AddCredits(this IServiceCollection services) => services
        .AddSingleton<CreditLedger>()
        .AddScoped<AdminCreditsHandler>()
        .AddScoped<ListLedgerHandler>();
}

namespace ConvoMono.Features.Clients;

public static class ClientsModule
{
    public static IServiceCollection AddClients(this IServiceCollection services) => services
        .AddScoped<CreateClientHandler>()
        .AddScoped<ListClientsHandler>()
        .AddScoped<GetClientHandler>()
        .AddScoped<UpdateClientHandler>();
}

namespace ConvoMono.Features.Users;

public static class UsersModule
{
    public static IServiceCollection AddUsers(this IServiceCollection services) => services
        .AddScoped<ListUsersHandler>()
        .AddScoped<AddUserHandler>()
        .AddScoped<RemoveUserHandler>();
}

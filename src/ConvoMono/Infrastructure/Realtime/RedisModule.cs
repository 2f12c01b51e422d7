using StackExchange.Redis;

namespace ConvoMono.Infrastructure.Realtime;

public static class RedisModule
{
    public static IServiceCollection AddRedisBackplane(this IServiceCollection services, IConfiguration configuration, Microsoft.AspNetCore.SignalR.ISignalRServerBuilder signalR)
    {
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var redis = configuration.GetSection(RedisOptions.Section).Get<RedisOptions>() ?? new RedisOptions();
        if (!redis.Enabled) return services;
        signalR.AddStackExchangeRedis(redis.ConnectionString!, o => o.Configuration.ChannelPrefix = RedisChannel.Literal(redis.ChannelPrefix + ":signalr"));
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis.ConnectionString!));
        services.AddSingleton<RedisLiveBackplane>();
        services.AddHostedService(sp => sp.GetRequiredService<RedisLiveBackplane>());
        return services;
    }
}

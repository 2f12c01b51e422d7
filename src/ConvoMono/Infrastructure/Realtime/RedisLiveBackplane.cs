using System.Text.Json;
using StackExchange.Redis;

namespace ConvoMono.Infrastructure.Realtime;

/// <summary>Publishes this instance's live events to Redis and hands the other instances' events to
/// <see cref="LiveNotifier"/> as remote ones (pages see them; the hub bridge does not forward them again, since SignalR's
/// own backplane already reached every instance's hub clients).</summary>
public sealed class RedisLiveBackplane(LiveNotifier live, IConnectionMultiplexer redis, Microsoft.Extensions.Options.IOptions<RedisOptions> options,
    ILogger<RedisLiveBackplane> log) : IHostedService, ILiveBackplane
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private RedisChannel Channel => RedisChannel.Literal(options.Value.ChannelPrefix + ":live");

    public async Task StartAsync(CancellationToken ct)
    {
        live.Backplane = this;
        await redis.GetSubscriber().SubscribeAsync(Channel, (_, message) =>
        {
            try
            {
                var wire = JsonSerializer.Deserialize<Wire>(message.ToString(), Json);
                if (wire is null || wire.Instance == _instance) return;
                live.PublishRemote(new LiveEvent(wire.Type, wire.TenantId, wire.Payload, wire.Everyone));
            }
            catch (JsonException e) { log.LogWarning(e, "Ignored a malformed live event from Redis"); }
        });
    }

    public void Send(LiveEvent e)
    {
        var wire = new Wire(_instance, e.Type, e.TenantId, e.Payload is null ? null : JsonSerializer.SerializeToElement(e.Payload, Json), e.Everyone);
        _ = SendAsync(JsonSerializer.Serialize(wire, Json));
    }

    private async Task SendAsync(string message)
    {
        try { await redis.GetSubscriber().PublishAsync(Channel, message); }
        catch (Exception e) { log.LogWarning(e, "Could not publish a live event to Redis"); }
    }

    public async Task StopAsync(CancellationToken ct)
    {
        live.Backplane = null;
        await redis.GetSubscriber().UnsubscribeAsync(Channel);
    }

    private sealed record Wire(string Instance, string Type, Guid? TenantId, JsonElement? Payload, bool Everyone = false);
}

using ConvoMono.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace ConvoMono.Infrastructure.Realtime;

/// <summary>Live updates for API clients (Blazor pages use <see cref="LiveNotifier"/> directly). A connection joins
/// its tenant's group, or the platform group for super admins; it never chooses its group itself.</summary>
[Authorize]
public sealed class LiveHub : Hub
{
    public const string Path = "/hubs/live";
    public const string PlatformGroup = "platform";
    public const string Method = "event";

    public static string TenantGroup(Guid tenantId) => "tenant:" + tenantId;

    public override async Task OnConnectedAsync()
    {
        var user = Context.User!;
        if (user.IsInRole(Roles.SuperAdmin)) await Groups.AddToGroupAsync(Context.ConnectionId, PlatformGroup);
        else if (user.ClientId() is { } tenant) await Groups.AddToGroupAsync(Context.ConnectionId, TenantGroup(tenant));
        await base.OnConnectedAsync();
    }
}

/// <summary>Forwards every <see cref="LiveEvent"/> to the hub: to its tenant's group and to the platform group.</summary>
public sealed class LiveHubBridge(LiveNotifier live, IHubContext<LiveHub> hub) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken ct)
    {
        _subscription = live.Subscribe(null, platform: true, async e =>
        {
            var message = new { type = e.Type, client_id = e.TenantId, payload = e.Payload };
            await hub.Clients.Group(LiveHub.PlatformGroup).SendAsync(LiveHub.Method, message);
            if (e.TenantId is { } tenant) await hub.Clients.Group(LiveHub.TenantGroup(tenant)).SendAsync(LiveHub.Method, message);
        }, localOnly: true);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }
}

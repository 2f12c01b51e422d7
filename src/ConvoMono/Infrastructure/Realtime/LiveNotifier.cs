using System.Collections.Concurrent;

namespace ConvoMono.Infrastructure.Realtime;

/// <summary>Something changed that open pages may want to show. <see cref="TenantId"/> is the client it belongs to,
/// or null for platform-only events; <see cref="Everyone"/> marks a tenant-less event every page may see (the
/// platform's branding), never one that carries a client's data.</summary>
public sealed record LiveEvent(string Type, Guid? TenantId, object? Payload = null, bool Everyone = false);

/// <summary>In-process fan-out of <see cref="LiveEvent"/>s to open Blazor pages and the SignalR bridge. A tenant
/// subscriber sees only its tenant's events and those for everyone; a platform subscriber (super admin) sees all.
/// Publish after <c>SaveChangesAsync</c>, never before.</summary>
public sealed class LiveNotifier(ILogger<LiveNotifier> log)
{
    private readonly ConcurrentDictionary<Guid, Subscription> _subscriptions = new();

    /// <summary>Set when several instances share events through Redis (<see cref="RedisLiveBackplane"/>).</summary>
    public ILiveBackplane? Backplane { get; set; }

    /// <param name="localOnly">Only events published by this instance (the SignalR bridge: another instance's events
    /// reach hub clients through SignalR's own backplane).</param>
    public IDisposable Subscribe(Guid? tenantId, bool platform, Func<LiveEvent, Task> handler, bool localOnly = false)
    {
        var id = Guid.NewGuid();
        _subscriptions[id] = new Subscription(tenantId, platform, handler, localOnly);
        return new Unsubscriber(() => _subscriptions.TryRemove(id, out _));
    }

    public void Publish(LiveEvent e)
    {
        Dispatch(e, remote: false);
        Backplane?.Send(e);
    }

    /// <summary>An event another instance published (through the backplane).</summary>
    public void PublishRemote(LiveEvent e) => Dispatch(e, remote: true);

    private void Dispatch(LiveEvent e, bool remote)
    {
        foreach (var sub in _subscriptions.Values)
        {
            if (remote && sub.LocalOnly) continue;
            if (!sub.Platform && !e.Everyone && (e.TenantId is null || e.TenantId != sub.TenantId)) continue;
            _ = InvokeAsync(sub, e);
        }
    }

    private async Task InvokeAsync(Subscription sub, LiveEvent e)
    {
        try { await sub.Handler(e); }
        catch (Exception ex) { log.LogWarning(ex, "A live-update subscriber failed on {Type}", e.Type); }
    }

    private sealed record Subscription(Guid? TenantId, bool Platform, Func<LiveEvent, Task> Handler, bool LocalOnly);

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}

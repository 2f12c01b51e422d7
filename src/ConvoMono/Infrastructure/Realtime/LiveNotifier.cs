using System.Collections.Concurrent;

namespace ConvoMono.Infrastructure.Realtime;

/// <summary>Something changed that open pages may want to show. <see cref="TenantId"/> is the client it belongs to,
/// or null for platform-only events.</summary>
public sealed record LiveEvent(string Type, Guid? TenantId, object? Payload = null);

/// <summary>In-process fan-out of <see cref="LiveEvent"/>s to open Blazor pages and the SignalR bridge. A tenant
/// subscriber sees only its tenant's events; a platform subscriber (super admin) sees all.
/// Publish after <c>SaveChangesAsync</c>, never before.</summary>
public sealed class LiveNotifier(ILogger<LiveNotifier> log)
{
    private readonly ConcurrentDictionary<Guid, Subscription> _subscriptions = new();

    public IDisposable Subscribe(Guid? tenantId, bool platform, Func<LiveEvent, Task> handler)
    {
        var id = Guid.NewGuid();
        _subscriptions[id] = new Subscription(tenantId, platform, handler);
        return new Unsubscriber(() => _subscriptions.TryRemove(id, out _));
    }

    public void Publish(LiveEvent e)
    {
        foreach (var sub in _subscriptions.Values)
        {
            if (!sub.Platform && (e.TenantId is null || e.TenantId != sub.TenantId)) continue;
            _ = InvokeAsync(sub, e);
        }
    }

    private async Task InvokeAsync(Subscription sub, LiveEvent e)
    {
        try { await sub.Handler(e); }
        catch (Exception ex) { log.LogWarning(ex, "A live-update subscriber failed on {Type}", e.Type); }
    }

    private sealed record Subscription(Guid? TenantId, bool Platform, Func<LiveEvent, Task> Handler);

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}

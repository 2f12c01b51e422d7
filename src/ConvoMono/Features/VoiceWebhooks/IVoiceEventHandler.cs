using System.Text.Json;

namespace ConvoMono.Features.VoiceWebhooks;

/// <summary>Processes one stored provider event of the types it names. Must be idempotent: an event can be
/// processed again after a failure or a crash, and events of one call arrive in any order.</summary>
public interface IVoiceEventHandler
{
    IReadOnlyCollection<string> EventTypes { get; }

    Task HandleAsync(WebhookEvent stored, JsonElement payload, CancellationToken ct);
}

/// <summary>A handler that takes a claimed batch at once (one read, one settlement, one save for many events). Returns
/// the events that failed, with their error; the rest count as processed.</summary>
public interface IVoiceEventBatchHandler : IVoiceEventHandler
{
    Task<IReadOnlyDictionary<Guid, Exception>> HandleBatchAsync(IReadOnlyList<(WebhookEvent Stored, JsonElement Payload)> events, CancellationToken ct);
}

using System.Text.Json;

namespace ConvoMono.Features.VoiceWebhooks;

/// <summary>Processes one stored provider event of the types it names. Must be idempotent: an event can be
/// processed again after a failure or a crash, and events of one call arrive in any order.</summary>
public interface IVoiceEventHandler
{
    IReadOnlyCollection<string> EventTypes { get; }

    Task HandleAsync(WebhookEvent stored, JsonElement payload, CancellationToken ct);
}

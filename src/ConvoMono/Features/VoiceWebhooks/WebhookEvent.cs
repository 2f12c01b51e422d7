namespace ConvoMono.Features.VoiceWebhooks;

public enum WebhookEventStatus { Pending, Processed, Ignored, Failed }

/// <summary>A provider event as received, stored before it is acknowledged (the inbox). <see cref="DedupKey"/> is
/// unique per provider, so a redelivery is recognised and acknowledged without a second effect. Platform data: the
/// client it concerns is only known once its payload is processed.</summary>
public sealed class WebhookEvent
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string Provider { get; set; } = "";
    public string EventType { get; set; } = "";
    public string DedupKey { get; set; } = "";
    public string? ProviderCallId { get; set; }
    public string Payload { get; set; } = "";
    public WebhookEventStatus Status { get; set; } = WebhookEventStatus.Pending;
    public int Attempts { get; set; }
    public DateTime ReceivedAt { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime? ProcessedAt { get; set; }
    public string? LastError { get; set; }
    public Guid? LockedBy { get; set; }
    public DateTime? LockedUntil { get; set; }
}

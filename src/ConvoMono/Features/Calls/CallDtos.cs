namespace ConvoMono.Features.Calls;

/// <summary>A call in the client's view, as a row of the list: everything but the transcript, which is read with the call.
/// A client view never carries a platform cost (Retell cost, its breakdown, profit or margin).
/// <c>created_at</c> is when the call was placed in the dial queue; <c>started_at</c>/<c>ended_at</c> come from the provider.</summary>
public sealed record CallListItemDto(
    Guid Id, Guid CampaignId, string? CampaignName, Guid LeadId, string? RetellCallId, string ToNumber, string FromNumber,
    CallStatus Status, CallOutcome? Outcome, int Attempt, DateTime CreatedAt, DateTime? StartedAt, DateTime? EndedAt, int? DurationSeconds,
    long? BilledSeconds, decimal? BilledAmount, string Currency, string? RecordingUrl, string? Summary, string? Sentiment, bool? Successful,
    IReadOnlyDictionary<string, string> Analysis, string? DisconnectionReason);

/// <summary>A call in the client's view, with its transcript (lines <c>Agent: ...</c> and <c>User: ...</c>).</summary>
public sealed record CallDto(
    Guid Id, Guid CampaignId, string? CampaignName, Guid LeadId, string? RetellCallId, string ToNumber, string FromNumber,
    CallStatus Status, CallOutcome? Outcome, int Attempt, DateTime CreatedAt, DateTime? StartedAt, DateTime? EndedAt, int? DurationSeconds,
    long? BilledSeconds, decimal? BilledAmount, string Currency, string? Transcript, string? RecordingUrl, string? Summary, string? Sentiment,
    bool? Successful, IReadOnlyDictionary<string, string> Analysis, string? DisconnectionReason);

/// <summary>A campaign to filter calls by.</summary>
public sealed record CallCampaignChoice(Guid Id, string Name);

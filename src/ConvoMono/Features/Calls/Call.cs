using ConvoMono.Infrastructure.Tenancy;

namespace ConvoMono.Features.Calls;

/// <summary>Where a call stands. <see cref="Dispatching"/>: written before the wave is sent, not yet known to be at the
/// provider. The rest follow Retell's call events and only ever move forward (events arrive in any order).</summary>
public enum CallStatus { Dispatching, Queued, Registered, Ongoing, Ended, Analyzed }

public enum CallOutcome { Converted, NotConverted, NoAnswer, Busy, Voicemail, Failed }

public sealed record CallProductCost(string Product, decimal Cost);

/// <summary>One attempt to call one lead: our record of a Retell call, with what it cost the operator and what it
/// billed the client. <c>(LeadId, Attempt)</c> is unique, so no two dispatchers can send the same lead attempt.</summary>
public sealed class Call : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid CampaignId { get; set; }
    public Guid LeadId { get; set; }
    public int Attempt { get; set; }
    /// <summary>The wave (one create-batch-call) the call went out in; reconciliation looks waves up by it.</summary>
    public Guid WaveId { get; set; }
    public string? BatchCallId { get; set; }
    public string? RetellCallId { get; set; }
    public CallStatus Status { get; set; }
    public CallOutcome? Outcome { get; set; }
    public string? DisconnectionReason { get; set; }
    public string ToNumber { get; set; } = "";
    public string FromNumber { get; set; } = "";
    /// <summary>The campaign's max call duration when the call was placed: its credit hold and the provider's limit.</summary>
    public int MaxDurationSeconds { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DispatchedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? EndedAt { get; set; }
    public DateTime? AnalyzedAt { get; set; }
    public int? DurationSeconds { get; set; }
    /// <summary>Set once, when the ledger settled the call's hold.</summary>
    public long? BilledSeconds { get; set; }
    public decimal? BilledAmount { get; set; }
    public string Currency { get; set; } = "USD";
    /// <summary>Retell's cost in US dollars (Retell reports cents), and its split by product. Platform-only figures.</summary>
    public decimal? RetellCost { get; set; }
    public List<CallProductCost> CostBreakdown { get; set; } = [];
    public string? Transcript { get; set; }
    public string? RecordingUrl { get; set; }
    public string? Summary { get; set; }
    public string? Sentiment { get; set; }
    public bool? Successful { get; set; }
    public Dictionary<string, string> Analysis { get; set; } = [];
    public DateTime UpdatedAt { get; set; }
    /// <summary>Optimistic concurrency: events of one call may be processed by two instances at once.</summary>
    [System.ComponentModel.DataAnnotations.ConcurrencyCheck] public int Version { get; set; }

    public string HoldKey => HoldKeyOf(Id);

    public static string HoldKeyOf(Guid callId) => "call:" + callId;

    public bool IsLive => Status is CallStatus.Dispatching or CallStatus.Queued or CallStatus.Registered or CallStatus.Ongoing;
}

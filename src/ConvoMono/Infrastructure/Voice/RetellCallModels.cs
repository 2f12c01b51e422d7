using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ConvoMono.Infrastructure.Voice;

public sealed record RetellBatchTask
{
    public string ToNumber { get; init; } = "";
    public IReadOnlyDictionary<string, string>? RetellLlmDynamicVariables { get; init; }
    /// <summary>Our ids (client, campaign, lead, attempt): how a reconciliation finds what a lost response created.</summary>
    public JsonObject? Metadata { get; init; }
    public string? OverrideAgentId { get; init; }
    public JsonObject? AgentOverride { get; init; }
}

public sealed record RetellBatchCallRequest
{
    public string FromNumber { get; init; } = "";
    public string? Name { get; init; }
    public long? TriggerTimestamp { get; init; }
    public JsonObject? CallTimeWindow { get; init; }
    public IReadOnlyList<RetellBatchTask> Tasks { get; init; } = [];
}

public sealed record RetellBatchCall
{
    public string BatchCallId { get; init; } = "";
    public string? Name { get; init; }
    public string? FromNumber { get; init; }
    public long? ScheduledTimestamp { get; init; }
    public int TotalTaskCount { get; init; }
}

public sealed record RetellPhoneCallRequest
{
    public string FromNumber { get; init; } = "";
    public string ToNumber { get; init; } = "";
    public string? OverrideAgentId { get; init; }
    public IReadOnlyDictionary<string, string>? RetellLlmDynamicVariables { get; init; }
    public JsonObject? Metadata { get; init; }
    public JsonObject? AgentOverride { get; init; }
}

public sealed record RetellProductCost(string Product, decimal Cost, decimal? UnitPrice);

/// <summary>Retell's cost of a call, in US cents (fractional).</summary>
public sealed record RetellCallCost
{
    public IReadOnlyList<RetellProductCost> ProductCosts { get; init; } = [];
    public decimal CombinedCost { get; init; }
    public decimal TotalDurationSeconds { get; init; }
    public decimal TotalDurationUnitPrice { get; init; }
}

public sealed record RetellCallAnalysis
{
    public string? CallSummary { get; init; }
    public bool? CallSuccessful { get; init; }
    public string? UserSentiment { get; init; }
    public bool? InVoicemail { get; init; }
    public JsonElement? CustomAnalysisData { get; init; }
}

public sealed record RetellCall
{
    public string CallId { get; init; } = "";
    public string? CallType { get; init; }
    public string? AgentId { get; init; }
    public string CallStatus { get; init; } = "";
    public string? Direction { get; init; }
    public string? FromNumber { get; init; }
    public string? ToNumber { get; init; }
    public JsonElement? Metadata { get; init; }
    public Dictionary<string, string>? RetellLlmDynamicVariables { get; init; }
    public long? StartTimestamp { get; init; }
    public long? EndTimestamp { get; init; }
    public long? DurationMs { get; init; }
    public string? DisconnectionReason { get; init; }
    public string? Transcript { get; init; }
    public string? RecordingUrl { get; init; }
    public RetellCallAnalysis? CallAnalysis { get; init; }
    public RetellCallCost? CallCost { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record RetellListCallsRequest
{
    public JsonObject? FilterCriteria { get; init; }
    public int? Limit { get; init; }
    public string? PaginationKey { get; init; }
    public string? SortOrder { get; init; }
}

public sealed record RetellKnowledgeBaseSource
{
    public string Type { get; init; } = "";
    public string? SourceId { get; init; }
    public string? Title { get; init; }
    public string? Url { get; init; }
    public string? Filename { get; init; }
}

public sealed record RetellKnowledgeBase
{
    public string KnowledgeBaseId { get; init; } = "";
    public string? KnowledgeBaseName { get; init; }
    public string Status { get; init; } = "";
    public IReadOnlyList<RetellKnowledgeBaseSource>? KnowledgeBaseSources { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record RetellText(string Title, string Text);

public sealed record RetellFile(string FileName, string ContentType, Stream Content);

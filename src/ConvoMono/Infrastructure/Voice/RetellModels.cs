using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ConvoMono.Infrastructure.Voice;

// Retell's wire shapes (../shared/reference/retell-api.md), snake_case by the client's naming policy. Responses keep
// fields this code does not model in Extra, and enums are open strings: Retell adds both often.

public sealed record RetellLlmRequest
{
    public string? GeneralPrompt { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? BeginMessage { get; init; } // null is sent: it clears a message removed in an edit
    public string? StartSpeaker { get; init; }
    public string? Model { get; init; }
    public double? ModelTemperature { get; init; }
    public IReadOnlyList<string>? KnowledgeBaseIds { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public IReadOnlyDictionary<string, string>? DefaultDynamicVariables { get; init; }
}

public sealed record RetellLlm
{
    public string LlmId { get; init; } = "";
    public int Version { get; init; }
    public string? GeneralPrompt { get; init; }
    public string? BeginMessage { get; init; }
    public string? Model { get; init; }
    public IReadOnlyList<string>? KnowledgeBaseIds { get; init; }
    public long LastModificationTimestamp { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record RetellResponseEngine
{
    public string Type { get; init; } = "retell-llm";
    public string? LlmId { get; init; }
    public int? Version { get; init; }
}

public sealed record RetellAgentRequest
{
    public RetellResponseEngine? ResponseEngine { get; init; }
    public string? VoiceId { get; init; }
    public string? AgentName { get; init; }
    public string? Language { get; init; }
    public double? VoiceSpeed { get; init; }
    public double? VoiceTemperature { get; init; }
    public double? Responsiveness { get; init; }
    public double? InterruptionSensitivity { get; init; }
    public bool? EnableBackchannel { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? AmbientSound { get; init; } // null is sent: it turns a removed sound off
    public int? MaxCallDurationMs { get; init; }
    public string? WebhookUrl { get; init; }
    public JsonObject? VoicemailOption { get; init; }
    public IReadOnlyList<JsonObject>? PostCallAnalysisData { get; init; }
}

public sealed record RetellAgent
{
    public string AgentId { get; init; } = "";
    public int Version { get; init; }
    public RetellResponseEngine? ResponseEngine { get; init; }
    public string? VoiceId { get; init; }
    public string? AgentName { get; init; }
    public JsonElement? Language { get; init; }
    public int? MaxCallDurationMs { get; init; }
    public string? WebhookUrl { get; init; }
    public long LastModificationTimestamp { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record RetellAgentSummary(string AgentId, string? AgentName, string? Channel);

public sealed record RetellVoice(string VoiceId, string VoiceName, string? Provider, string? Gender, string? Accent, string? Age, string? PreviewAudioUrl);

public sealed record RetellConcurrency
{
    public int CurrentConcurrency { get; init; }
    public int ConcurrencyLimit { get; init; }
    public int BaseConcurrency { get; init; }
    public int PurchasedConcurrency { get; init; }
    public int ReservedInboundConcurrency { get; init; }
}

public sealed record RetellPhoneNumberRequest
{
    public int? AreaCode { get; init; }
    public string? PhoneNumber { get; init; }
    public string? CountryCode { get; init; }
    public bool? TollFree { get; init; }
    public string? Nickname { get; init; }
}

public sealed record RetellImportPhoneNumberRequest
{
    public string PhoneNumber { get; init; } = "";
    public string TerminationUri { get; init; } = "";
    public string? SipTrunkAuthUsername { get; init; }
    public string? SipTrunkAuthPassword { get; init; }
    public string? Nickname { get; init; }
}

public sealed record RetellPhoneNumber
{
    public string PhoneNumber { get; init; } = "";
    public string? PhoneNumberPretty { get; init; }
    public string? PhoneNumberType { get; init; }
    public string? Nickname { get; init; }
    public int? AreaCode { get; init; }
    public long LastModificationTimestamp { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record RetellList<T>(IReadOnlyList<T> Items, bool HasMore, string? PaginationKey);

/// <summary>Retell answered with an error (<c>{"status":"error","message":...}</c>). 422 also means "no such id".</summary>
public sealed class RetellApiException(int status, string message) : Exception($"Retell answered {status}: {message}")
{
    public int Status { get; } = status;
    public string RetellMessage { get; } = message;
    public bool IsNotFound => Status is 404 or 422;
}

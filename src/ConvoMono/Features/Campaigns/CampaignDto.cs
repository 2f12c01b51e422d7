namespace ConvoMono.Features.Campaigns;

public sealed record CampaignDto(
    Guid Id, string Name, CampaignStatus Status, CampaignPauseReason? PauseReason, DateTime? StartAt, string? StartTimeZone,
    string GeneralPrompt, string? BeginMessage, string VoiceId, string Language,
    double VoiceSpeed, double VoiceTemperature, double Responsiveness, double InterruptionSensitivity, bool EnableBackchannel, string? AmbientSound,
    VoicemailDto Voicemail, int MaxCallDurationSeconds, CallingWindowDto CallingWindow, RetryDto Retry, int Concurrency,
    string? SuccessCriteria, IReadOnlyList<AnalysisField> AnalysisFields, IReadOnlyList<Guid> KnowledgeBaseIds, Guid? PhoneNumberId,
    IReadOnlyList<string> Variables, IReadOnlyDictionary<string, string> DefaultVariables,
    string? RetellAgentId, string? RetellLlmId, CampaignSyncStatus SyncStatus, string? SyncError, DateTime? SyncedAt,
    DateTime CreatedAt, DateTime UpdatedAt, DateTime? ArchivedAt, DateTime? LaunchedAt = null, DateTime? FinishedAt = null);

public sealed record VoicemailDto(VoicemailAction Action, string? Message);

public sealed record CallingWindowDto(string Start, string End, IReadOnlyList<string> Days);

public sealed record RetryDto(int MaxAttempts, int DelayMinutes, IReadOnlyList<string> On);

/// <summary>A row of the campaign list.</summary>
public sealed record CampaignSummaryDto(Guid Id, string Name, CampaignStatus Status, CampaignPauseReason? PauseReason, CampaignSyncStatus SyncStatus,
    string VoiceId, Guid? PhoneNumberId, int KnowledgeBaseCount, DateTime? StartAt, DateTime CreatedAt, DateTime UpdatedAt, DateTime? ArchivedAt);

public static class CampaignMapping
{
    public static CampaignDto ToDto(this Campaign c) => new(
        c.Id, c.Name, c.Status, c.PauseReason, c.StartAt, c.StartTimeZone, c.GeneralPrompt, c.BeginMessage, c.VoiceId, c.Language,
        c.VoiceSpeed, c.VoiceTemperature, c.Responsiveness, c.InterruptionSensitivity, c.EnableBackchannel, c.AmbientSound,
        new VoicemailDto(c.VoicemailAction, c.VoicemailMessage), c.MaxCallDurationSeconds,
        new CallingWindowDto(c.WindowStart.ToString("HH:mm"), c.WindowEnd.ToString("HH:mm"), c.CallingDays),
        new RetryDto(c.RetryMaxAttempts, c.RetryDelayMinutes, c.RetryOn), c.Concurrency, c.SuccessCriteria, c.AnalysisFields,
        c.KnowledgeBaseIds, c.PhoneNumberId, c.Variables, c.DefaultVariables, c.RetellAgentId, c.RetellLlmId, c.SyncStatus, c.SyncError,
        c.SyncedAt, c.CreatedAt, c.UpdatedAt, c.ArchivedAt, c.LaunchedAt, c.FinishedAt);

    /// <summary>The campaign's current settings, as a base for a partial update.</summary>
    public static CampaignSettings ToSettings(this Campaign c) => new()
    {
        Name = c.Name, GeneralPrompt = c.GeneralPrompt, BeginMessage = c.BeginMessage, VoiceId = c.VoiceId, Language = c.Language,
        VoiceSpeed = c.VoiceSpeed, VoiceTemperature = c.VoiceTemperature, Responsiveness = c.Responsiveness,
        InterruptionSensitivity = c.InterruptionSensitivity, EnableBackchannel = c.EnableBackchannel, AmbientSound = c.AmbientSound,
        VoicemailAction = c.VoicemailAction, VoicemailMessage = c.VoicemailMessage, MaxCallDurationSeconds = c.MaxCallDurationSeconds,
        WindowStart = c.WindowStart, WindowEnd = c.WindowEnd, CallingDays = c.CallingDays, RetryMaxAttempts = c.RetryMaxAttempts,
        RetryDelayMinutes = c.RetryDelayMinutes, RetryOn = c.RetryOn, Concurrency = c.Concurrency, SuccessCriteria = c.SuccessCriteria,
        AnalysisFields = c.AnalysisFields, KnowledgeBaseIds = c.KnowledgeBaseIds, PhoneNumberId = c.PhoneNumberId,
        DefaultVariables = c.DefaultVariables,
    };
}

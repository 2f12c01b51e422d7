namespace ConvoMono.Features.Campaigns;

/// <summary>Every setting of a campaign, complete and normalised: what <see cref="Campaign.Apply"/> takes.</summary>
public sealed record CampaignSettings
{
    public required string Name { get; init; }
    public required string GeneralPrompt { get; init; }
    public string? BeginMessage { get; init; }
    public required string VoiceId { get; init; }
    public string Language { get; init; } = "en-US";
    public double VoiceSpeed { get; init; } = 1;
    public double VoiceTemperature { get; init; } = 1;
    public double Responsiveness { get; init; } = 1;
    public double InterruptionSensitivity { get; init; } = 1;
    public bool EnableBackchannel { get; init; } = true;
    public string? AmbientSound { get; init; }
    public VoicemailAction VoicemailAction { get; init; } = VoicemailAction.Hangup;
    public string? VoicemailMessage { get; init; }
    public int MaxCallDurationSeconds { get; init; } = 300;
    public TimeOnly WindowStart { get; init; } = new(8, 0);
    public TimeOnly WindowEnd { get; init; } = new(21, 0);
    public IReadOnlyList<string> CallingDays { get; init; } = CampaignRules.Weekdays[..5];
    public int RetryMaxAttempts { get; init; } = 3;
    public int RetryDelayMinutes { get; init; } = 60;
    public IReadOnlyList<string> RetryOn { get; init; } = ["no_answer", "busy"];
    public int Concurrency { get; init; } = 5;
    public string? SuccessCriteria { get; init; }
    public IReadOnlyList<AnalysisField> AnalysisFields { get; init; } = [];
    public IReadOnlyList<Guid> KnowledgeBaseIds { get; init; } = [];
    public Guid? PhoneNumberId { get; init; }
    public IReadOnlyDictionary<string, string> DefaultVariables { get; init; } = new Dictionary<string, string>();
}

using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Tenancy;

namespace ConvoMono.Features.Campaigns;

public enum CampaignStatus { Draft, Scheduled, Running, Paused, Completed, Cancelled }

public enum CampaignPauseReason { ByUser, InsufficientCredits, OutsideCallingWindow, NoPhoneNumber, ProviderError, HighFailureRate }

public enum CampaignSyncStatus { Pending, Synced, Error }

public enum VoicemailAction { Hangup, LeaveMessage }

/// <summary>A post-call analysis field Retell extracts after each call (<c>post_call_analysis_data</c>).</summary>
public sealed record AnalysisField(string Name, string Type, string Description, IReadOnlyList<string>? Choices = null);

/// <summary>An outbound campaign: the script and settings of one Retell LLM + agent pair that the platform owns, plus
/// the calling rules the dialer applies. Settings are applied through <see cref="Apply"/>, which bumps
/// <see cref="ConfigVersion"/>; the Retell copy is current when <see cref="SyncedVersion"/> equals it.</summary>
public sealed class Campaign : ITenantOwned
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public string Name { get; private set; } = "";
    public string GeneralPrompt { get; private set; } = "";
    public string? BeginMessage { get; private set; }
    public string VoiceId { get; private set; } = "";
    public string Language { get; private set; } = "en-US";
    public double VoiceSpeed { get; private set; } = 1;
    public double VoiceTemperature { get; private set; } = 1;
    public double Responsiveness { get; private set; } = 1;
    public double InterruptionSensitivity { get; private set; } = 1;
    public bool EnableBackchannel { get; private set; } = true;
    public string? AmbientSound { get; private set; }
    public VoicemailAction VoicemailAction { get; private set; } = VoicemailAction.Hangup;
    public string? VoicemailMessage { get; private set; }
    public int MaxCallDurationSeconds { get; private set; } = 300;
    public TimeOnly WindowStart { get; private set; } = new(8, 0);
    public TimeOnly WindowEnd { get; private set; } = new(21, 0);
    public List<string> CallingDays { get; private set; } = [.. CampaignRules.Weekdays[..5]];
    public int RetryMaxAttempts { get; private set; } = 3;
    public int RetryDelayMinutes { get; private set; } = 60;
    public List<string> RetryOn { get; private set; } = ["no_answer", "busy"];
    public int Concurrency { get; private set; } = 5;
    public string? SuccessCriteria { get; private set; }
    public List<AnalysisField> AnalysisFields { get; private set; } = [];
    public List<Guid> KnowledgeBaseIds { get; private set; } = [];
    public Guid? PhoneNumberId { get; private set; }
    /// <summary>The <c>{{placeholders}}</c> of the prompt and begin message, in order of first use.</summary>
    public List<string> Variables { get; private set; } = [];
    /// <summary>Values used when a lead has none for a placeholder (also sent to Retell as default dynamic variables).</summary>
    public Dictionary<string, string> DefaultVariables { get; private set; } = [];

    public CampaignStatus Status { get; private set; } = CampaignStatus.Draft;
    public CampaignPauseReason? PauseReason { get; private set; }
    public DateTime? StartAt { get; private set; }
    public string? StartTimeZone { get; private set; }
    public DateTime? LaunchedAt { get; private set; }
    /// <summary>The last launch or resume: the failure-rate pause looks only at calls since then.</summary>
    public DateTime? ResumedAt { get; private set; }
    public DateTime? FinishedAt { get; private set; }
    /// <summary>The dispatcher instance working on the campaign and until when (a lease, so two instances never send waves at once).</summary>
    public Guid? DispatchOwner { get; private set; }
    public DateTime? DispatchLeaseUntil { get; private set; }
    /// <summary>Waves in a row the provider refused or failed; enough of them pause the campaign (provider error).</summary>
    public int DispatchFailures { get; private set; }

    public string? RetellLlmId { get; private set; }
    public string? RetellAgentId { get; private set; }
    public CampaignSyncStatus SyncStatus { get; private set; } = CampaignSyncStatus.Pending;
    public string? SyncError { get; private set; }
    public DateTime? SyncedAt { get; private set; }
    public int ConfigVersion { get; private set; } = 1;
    public int SyncedVersion { get; private set; }

    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public DateTime? ArchivedAt { get; private set; }

    private Campaign() { }

    public static Campaign Create(CampaignSettings settings, DateTime now)
    {
        var campaign = new Campaign { CreatedAt = now };
        campaign.Apply(settings, now);
        return campaign;
    }

    /// <summary>Replaces every setting. Calls already placed keep what they were placed with; only later calls see this.</summary>
    public void Apply(CampaignSettings s, DateTime now)
    {
        if (Status is CampaignStatus.Completed or CampaignStatus.Cancelled)
            throw new DomainException("campaigns.finished", "A finished campaign cannot be edited.", StatusCodes.Status409Conflict);
        if (ArchivedAt is not null)
            throw new DomainException("campaigns.archived", "An archived campaign cannot be edited.", StatusCodes.Status409Conflict);
        CampaignRules.Check(s);
        Name = s.Name.Trim();
        GeneralPrompt = s.GeneralPrompt;
        BeginMessage = s.BeginMessage;
        VoiceId = s.VoiceId;
        Language = s.Language;
        VoiceSpeed = s.VoiceSpeed;
        VoiceTemperature = s.VoiceTemperature;
        Responsiveness = s.Responsiveness;
        InterruptionSensitivity = s.InterruptionSensitivity;
        EnableBackchannel = s.EnableBackchannel;
        AmbientSound = s.AmbientSound;
        VoicemailAction = s.VoicemailAction;
        VoicemailMessage = s.VoicemailAction == VoicemailAction.LeaveMessage ? s.VoicemailMessage : null;
        MaxCallDurationSeconds = s.MaxCallDurationSeconds;
        WindowStart = s.WindowStart;
        WindowEnd = s.WindowEnd;
        CallingDays = CampaignRules.Weekdays.Where(s.CallingDays.Contains).ToList();
        RetryMaxAttempts = s.RetryMaxAttempts;
        RetryDelayMinutes = s.RetryDelayMinutes;
        RetryOn = CampaignRules.RetryOutcomes.Where(s.RetryOn.Contains).ToList();
        Concurrency = s.Concurrency;
        SuccessCriteria = s.SuccessCriteria;
        AnalysisFields = [.. s.AnalysisFields];
        KnowledgeBaseIds = s.KnowledgeBaseIds.Distinct().ToList();
        PhoneNumberId = s.PhoneNumberId;
        DefaultVariables = new(s.DefaultVariables);
        Variables = Placeholders.Find(GeneralPrompt, BeginMessage, VoicemailMessage);
        ConfigVersion++;
        SyncStatus = CampaignSyncStatus.Pending;
        UpdatedAt = now;
    }

    /// <summary>Forgets a knowledge base that is being deleted. A campaign that may still place calls gets a new config
    /// version, so its Retell LLM is synced without it.</summary>
    public void DetachKnowledgeBase(Guid knowledgeBaseId, DateTime now)
    {
        if (!KnowledgeBaseIds.Contains(knowledgeBaseId)) return;
        KnowledgeBaseIds = KnowledgeBaseIds.Where(id => id != knowledgeBaseId).ToList();
        if (Status is not (CampaignStatus.Completed or CampaignStatus.Cancelled))
        {
            ConfigVersion++;
            SyncStatus = CampaignSyncStatus.Pending;
        }
        UpdatedAt = now;
    }

    public void SyncSucceeded(string llmId, string agentId, int version, DateTime now)
    {
        RetellLlmId = llmId;
        RetellAgentId = agentId;
        SyncedAt = now;
        SyncError = null;
        if (version >= SyncedVersion) SyncedVersion = version;
        SyncStatus = SyncedVersion >= ConfigVersion ? CampaignSyncStatus.Synced : CampaignSyncStatus.Pending;
    }

    /// <summary>Keeps what was created before the failure, so a retry updates instead of creating a second copy.</summary>
    public void SyncFailed(string? llmId, string? agentId, string error, DateTime now)
    {
        RetellLlmId = llmId ?? RetellLlmId;
        RetellAgentId = agentId ?? RetellAgentId;
        SyncError = error.Length > 1000 ? error[..1000] : error;
        SyncStatus = CampaignSyncStatus.Error;
        UpdatedAt = now;
    }

    public void Archive(DateTime now)
    {
        if (Status is CampaignStatus.Running or CampaignStatus.Scheduled)
            throw new DomainException("campaigns.active", "Pause or cancel the campaign before archiving it.", StatusCodes.Status409Conflict);
        ArchivedAt ??= now;
        UpdatedAt = now;
    }

    public void EnsureDeletable()
    {
        if (Status != CampaignStatus.Draft)
            throw new DomainException("campaigns.not_draft", "Only a draft campaign can be deleted; archive it instead.", StatusCodes.Status409Conflict);
    }

    /// <summary>Pauses a running or scheduled campaign for a reason (the dialer sends no further wave).</summary>
    public bool Pause(CampaignPauseReason reason, DateTime now)
    {
        if (Status is not (CampaignStatus.Running or CampaignStatus.Scheduled)) return false;
        Status = CampaignStatus.Paused;
        PauseReason = reason;
        UpdatedAt = now;
        return true;
    }
}

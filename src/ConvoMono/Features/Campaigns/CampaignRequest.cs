using System.ComponentModel.DataAnnotations;
using System.Globalization;
using ConvoMono.Infrastructure.Errors;

namespace ConvoMono.Features.Campaigns;

/// <summary>The body of <c>POST /campaigns</c> and <c>PATCH /campaigns/{id}</c>. On PATCH an absent (null) field keeps its
/// value; <c>phone_number_id: ""</c> and <c>ambient_sound: ""</c> clear theirs. Settable, so the editor binds to it.</summary>
public sealed record CampaignRequest
{
    [Display(Name = "Name"), StringLength(200)] public string? Name { get; set; }
    [Display(Name = "Script"), StringLength(CampaignLimits.PromptLength)] public string? GeneralPrompt { get; set; }
    [Display(Name = "Begin message"), StringLength(CampaignLimits.MessageLength)] public string? BeginMessage { get; set; }
    [Display(Name = "Voice"), StringLength(100)] public string? VoiceId { get; set; }
    [Display(Name = "Language"), StringLength(20)] public string? Language { get; set; }
    [Display(Name = "Voice speed"), Range(0.5, 2)] public double? VoiceSpeed { get; set; }
    [Display(Name = "Voice temperature"), Range(0, 2)] public double? VoiceTemperature { get; set; }
    [Display(Name = "Responsiveness"), Range(0, 1)] public double? Responsiveness { get; set; }
    [Display(Name = "Interruption sensitivity"), Range(0, 1)] public double? InterruptionSensitivity { get; set; }
    [Display(Name = "Backchannel")] public bool? EnableBackchannel { get; set; }
    [Display(Name = "Ambient sound"), StringLength(40)] public string? AmbientSound { get; set; }
    public VoicemailRequest? Voicemail { get; set; }
    [Display(Name = "Max call duration"), Range(CampaignRules.MinCallSeconds, CampaignRules.MaxCallSeconds)]
    public int? MaxCallDurationSeconds { get; set; }
    public CallingWindowRequest? CallingWindow { get; set; }
    public RetryRequest? Retry { get; set; }
    [Display(Name = "Concurrency"), Range(1, CampaignRules.MaxConcurrency)] public int? Concurrency { get; set; }
    [Display(Name = "Success criteria"), StringLength(CampaignLimits.MessageLength)] public string? SuccessCriteria { get; set; }
    public List<AnalysisFieldRequest>? AnalysisFields { get; set; }
    public List<Guid>? KnowledgeBaseIds { get; set; }
    [Display(Name = "Phone number"), StringLength(64)] public string? PhoneNumberId { get; set; }
    public Dictionary<string, string>? DefaultVariables { get; set; }

    /// <summary>The settings this request leads to, over <paramref name="current"/> (null when creating).</summary>
    public CampaignSettings ToSettings(CampaignSettings? current)
    {
        var s = current ?? new CampaignSettings { Name = "", GeneralPrompt = "", VoiceId = CampaignDefaults.VoiceId };
        var window = CallingWindow;
        var retry = Retry;
        return s with
        {
            Name = Name ?? s.Name,
            GeneralPrompt = GeneralPrompt ?? s.GeneralPrompt,
            BeginMessage = BeginMessage ?? s.BeginMessage,
            VoiceId = string.IsNullOrWhiteSpace(VoiceId) ? s.VoiceId : VoiceId.Trim(),
            Language = string.IsNullOrWhiteSpace(Language) ? s.Language : Language.Trim(),
            VoiceSpeed = VoiceSpeed ?? s.VoiceSpeed,
            VoiceTemperature = VoiceTemperature ?? s.VoiceTemperature,
            Responsiveness = Responsiveness ?? s.Responsiveness,
            InterruptionSensitivity = InterruptionSensitivity ?? s.InterruptionSensitivity,
            EnableBackchannel = EnableBackchannel ?? s.EnableBackchannel,
            AmbientSound = AmbientSound is null ? s.AmbientSound : AmbientSound.Trim() is { Length: > 0 } a ? a : null,
            VoicemailAction = Voicemail?.Action ?? s.VoicemailAction,
            VoicemailMessage = Voicemail?.Message ?? s.VoicemailMessage,
            MaxCallDurationSeconds = MaxCallDurationSeconds ?? s.MaxCallDurationSeconds,
            WindowStart = window?.Start is { } start ? ParseTime(start, "calling_window.start") : s.WindowStart,
            WindowEnd = window?.End is { } end ? ParseTime(end, "calling_window.end") : s.WindowEnd,
            CallingDays = window?.Days?.Select(d => d.Trim().ToLowerInvariant()).Select(d => d.Length > 3 ? d[..3] : d).Distinct().ToList() ?? s.CallingDays,
            RetryMaxAttempts = retry?.MaxAttempts ?? s.RetryMaxAttempts,
            RetryDelayMinutes = retry?.DelayMinutes ?? s.RetryDelayMinutes,
            RetryOn = retry?.On?.Select(o => o.Trim().ToLowerInvariant()).Distinct().ToList() ?? s.RetryOn,
            Concurrency = Concurrency ?? s.Concurrency,
            SuccessCriteria = SuccessCriteria is null ? s.SuccessCriteria : SuccessCriteria.Trim() is { Length: > 0 } c ? c : null,
            AnalysisFields = AnalysisFields?.Select(f => new AnalysisField(f.Name.Trim(), f.Type.Trim().ToLowerInvariant(), f.Description.Trim(),
                f.Choices is { Count: > 0 } ? f.Choices : null)).ToList() ?? s.AnalysisFields,
            KnowledgeBaseIds = KnowledgeBaseIds ?? s.KnowledgeBaseIds,
            PhoneNumberId = PhoneNumberId is null ? s.PhoneNumberId : ParsePhoneNumberId(PhoneNumberId),
            DefaultVariables = DefaultVariables ?? s.DefaultVariables,
        };
    }

    private static TimeOnly ParseTime(string text, string field) =>
        TimeOnly.TryParseExact(text.Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw new DomainException("campaigns.invalid", "Times are written as HH:mm, e.g. 08:00.", StatusCodes.Status400BadRequest, field);

    private static Guid? ParsePhoneNumberId(string text) =>
        text.Length == 0 ? null
        : Guid.TryParse(text, out var id) ? id
        : throw new DomainException("campaigns.invalid", "phone_number_id is the id of one of your phone numbers.", StatusCodes.Status400BadRequest, "phone_number_id");
}

public sealed record VoicemailRequest
{
    /// <summary><c>hangup</c> or <c>leave_message</c>.</summary>
    public VoicemailAction? Action { get; set; }
    [StringLength(CampaignLimits.MessageLength)] public string? Message { get; set; }
}

public sealed record CallingWindowRequest
{
    /// <summary>Local time of the lead, <c>HH:mm</c>.</summary>
    [StringLength(8)] public string? Start { get; set; }
    [StringLength(8)] public string? End { get; set; }
    /// <summary>Any of <c>mon tue wed thu fri sat sun</c>.</summary>
    public List<string>? Days { get; set; }
}

public sealed record RetryRequest
{
    [Range(1, 10)] public int? MaxAttempts { get; set; }
    [Range(0, 10080)] public int? DelayMinutes { get; set; }
    /// <summary>Outcomes that are retried: <c>no_answer busy voicemail failed</c>.</summary>
    public List<string>? On { get; set; }
}

public sealed record AnalysisFieldRequest
{
    [Required, StringLength(64)] public string Name { get; set; } = "";
    /// <summary><c>string</c>, <c>enum</c>, <c>boolean</c> or <c>number</c>.</summary>
    [Required, StringLength(10)] public string Type { get; set; } = "string";
    [Required, StringLength(500)] public string Description { get; set; } = "";
    public List<string>? Choices { get; set; }
}

public static class CampaignDefaults
{
    public const string VoiceId = "retell-Cimo";
}

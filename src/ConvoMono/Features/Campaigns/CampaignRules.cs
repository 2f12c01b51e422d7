using System.Text.RegularExpressions;
using ConvoMono.Infrastructure.Errors;

namespace ConvoMono.Features.Campaigns;

/// <summary>The shape rules of a campaign that need more than DataAnnotations: each failure names its field.</summary>
public static partial class CampaignRules
{
    public static readonly string[] Weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    public static readonly string[] RetryOutcomes = ["no_answer", "busy", "voicemail", "failed"];
    public static readonly string[] AmbientSounds = ["coffee-shop", "convention-hall", "summer-outdoor", "mountain-outdoor", "static-noise", "call-center"];
    public static readonly string[] AnalysisTypes = ["string", "enum", "boolean", "number"];
    public const int MinCallSeconds = 30, MaxCallSeconds = 3600, MaxConcurrency = 100;

    public static void Check(CampaignSettings s)
    {
        Require(!string.IsNullOrWhiteSpace(s.Name), "name", "A campaign needs a name.");
        Require(!string.IsNullOrWhiteSpace(s.GeneralPrompt), "general_prompt", "A campaign needs a script (the general prompt).");
        Require(!string.IsNullOrWhiteSpace(s.VoiceId), "voice_id", "Choose a voice.");
        Require(LanguagePattern().IsMatch(s.Language), "language", "The language is a locale such as en-US.");
        Require(s.MaxCallDurationSeconds is >= MinCallSeconds and <= MaxCallSeconds, "max_call_duration_seconds",
            $"The max call duration is between {MinCallSeconds} and {MaxCallSeconds} seconds.");
        Require(s.WindowStart < s.WindowEnd, "calling_window", "The calling window must start before it ends (same day, local time).");
        Require(s.CallingDays.Count > 0 && s.CallingDays.All(Weekdays.Contains), "calling_window.days",
            "Calling days are one or more of mon, tue, wed, thu, fri, sat, sun.");
        Require(s.RetryMaxAttempts is >= 1 and <= 10, "retry.max_attempts", "Max attempts is between 1 and 10.");
        Require(s.RetryDelayMinutes is >= 0 and <= 10080, "retry.delay_minutes", "The retry delay is between 0 minutes and 7 days.");
        Require(s.RetryOn.All(RetryOutcomes.Contains), "retry.on", "Retries apply to no_answer, busy, voicemail or failed.");
        Require(s.Concurrency is >= 1 and <= MaxConcurrency, "concurrency", $"Concurrency is between 1 and {MaxConcurrency} calls.");
        Require(s.VoiceSpeed is >= 0.5 and <= 2, "voice_speed", "Voice speed is between 0.5 and 2.");
        Require(s.VoiceTemperature is >= 0 and <= 2, "voice_temperature", "Voice temperature is between 0 and 2.");
        Require(s.Responsiveness is >= 0 and <= 1, "responsiveness", "Responsiveness is between 0 and 1.");
        Require(s.InterruptionSensitivity is >= 0 and <= 1, "interruption_sensitivity", "Interruption sensitivity is between 0 and 1.");
        Require(s.AmbientSound is null || AmbientSounds.Contains(s.AmbientSound), "ambient_sound",
            "Ambient sound is one of " + string.Join(", ", AmbientSounds) + ".");
        Require(s.VoicemailAction != VoicemailAction.LeaveMessage || !string.IsNullOrWhiteSpace(s.VoicemailMessage), "voicemail_message",
            "Write the message to leave on voicemail.");
        var names = new HashSet<string>(StringComparer.Ordinal) { CampaignRetellSync.ConvertedField, CampaignRetellSync.DoNotCallField };
        foreach (var field in s.AnalysisFields)
        {
            Require(FieldName().IsMatch(field.Name), "analysis_fields", $"Analysis field \"{field.Name}\" needs a snake_case name.");
            Require(names.Add(field.Name), "analysis_fields", $"Analysis field \"{field.Name}\" is used twice (\"converted\" and \"do_not_call\" are built in).");
            Require(AnalysisTypes.Contains(field.Type), "analysis_fields", $"Analysis field \"{field.Name}\" has type string, enum, boolean or number.");
            Require(field.Type != "enum" || field.Choices is { Count: > 0 }, "analysis_fields", $"Analysis field \"{field.Name}\" needs choices.");
        }
    }

    private static void Require(bool ok, string field, string message)
    {
        if (!ok) throw new DomainException("campaigns.invalid", message, StatusCodes.Status400BadRequest, field);
    }

    [GeneratedRegex("^[a-z]{2,3}(-[A-Za-z0-9]{2,4})?$|^multi$")]
    private static partial Regex LanguagePattern();

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")]
    private static partial Regex FieldName();
}

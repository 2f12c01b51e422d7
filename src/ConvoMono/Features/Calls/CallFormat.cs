using ConvoMono.Features.Credits;
using MudBlazor;

namespace ConvoMono.Features.Calls;

/// <summary>How calls read on screen, in both portals. Client-facing words only: the provider is never named.</summary>
public static class CallFormat
{
    public static string Status(CallStatus status) => status switch
    {
        CallStatus.Dispatching => "Starting",
        CallStatus.Queued => "Queued",
        CallStatus.Registered => "Dialing",
        CallStatus.Ongoing => "In progress",
        CallStatus.Ended => "Ended",
        _ => "Analyzed",
    };

    public static Color StatusColor(CallStatus status) => status switch
    {
        CallStatus.Registered => Color.Info,
        CallStatus.Ongoing => Color.Success,
        CallStatus.Analyzed => Color.Primary,
        _ => Color.Default,
    };

    public static string Outcome(CallOutcome outcome) => outcome switch
    {
        CallOutcome.Converted => "Converted",
        CallOutcome.NotConverted => "Not converted",
        CallOutcome.NoAnswer => "No answer",
        CallOutcome.Busy => "Busy",
        CallOutcome.Voicemail => "Voicemail",
        _ => "Failed",
    };

    public static Color OutcomeColor(CallOutcome outcome) => outcome switch
    {
        CallOutcome.Converted => Color.Success,
        CallOutcome.NoAnswer or CallOutcome.Busy => Color.Warning,
        CallOutcome.Voicemail => Color.Info,
        CallOutcome.Failed => Color.Error,
        _ => Color.Default,
    };

    public static Color SentimentColor(string? sentiment) => sentiment switch
    {
        "Positive" => Color.Success,
        "Negative" => Color.Error,
        _ => Color.Default,
    };

    /// <summary><c>1:35</c>, <c>1:02:03</c>; a dash while unknown.</summary>
    public static string Duration(int? seconds) => seconds switch
    {
        null => "—",
        >= 3600 => $"{seconds / 3600}:{seconds % 3600 / 60:00}:{seconds % 60:00}",
        _ => $"{seconds / 60}:{seconds % 60:00}",
    };

    /// <summary>An amount in its currency's minor units (<c>0.50 USD</c>, <c>120 JPY</c>).</summary>
    public static string Money(decimal? amount, string currency) =>
        amount is { } a ? $"{a.ToString("N" + Pricing.MinorUnitDigits(currency), System.Globalization.CultureInfo.InvariantCulture)} {currency}" : "—";

    /// <summary>Provider costs are fractions of a cent: up to six decimals, at least two.</summary>
    public static string Cost(decimal? amount, string currency) =>
        amount is { } a ? $"{a.ToString("#,0.00####", System.Globalization.CultureInfo.InvariantCulture)} {currency}" : "—";

    public static string BilledMinutes(long? seconds) => seconds is { } s ? $"{Pricing.Minutes(s):0.##} min" : "not billed yet";

    public static string When(DateTime? at) => at?.ToString("yyyy-MM-dd HH:mm:ss") ?? "—";

    /// <summary>Why the call ended, in words; a reason we have no words for reads as its name.</summary>
    public static string Ending(string reason) => reason switch
    {
        "user_hangup" => "The contact hung up",
        "agent_hangup" => "The agent ended the call",
        "call_transfer" => "Transferred",
        "voicemail_reached" => "Reached voicemail",
        "inactivity" => "Nobody spoke for too long",
        "max_duration_reached" => "Reached the maximum call length",
        "dial_no_answer" => "No answer",
        "user_declined" => "The contact declined the call",
        "dial_busy" => "Line busy",
        "dial_failed" => "The call could not be connected",
        "invalid_destination" => "The number is not valid",
        _ when reason.StartsWith("error", StringComparison.Ordinal) => "Ended by an error at the voice provider",
        _ => reason.Replace('_', ' '),
    };

    /// <summary><c>visit_date</c> → <c>Visit date</c>.</summary>
    public static string FieldName(string name) =>
        name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..].Replace('_', ' ');
}

using ConvoMono.Infrastructure.Voice;

namespace ConvoMono.Features.Calls;

/// <summary>Reads Retell's call object: our status for its <c>call_status</c>, and the outcome of a call from its
/// <c>disconnection_reason</c> and analysis.</summary>
public static class CallOutcomes
{
    public static CallStatus StatusOf(RetellCall call) =>
        call.CallAnalysis is not null && IsEnded(call) ? CallStatus.Analyzed
        : call.CallStatus switch
        {
            "registered" => CallStatus.Registered,
            "ongoing" => CallStatus.Ongoing,
            "ended" or "not_connected" or "error" => CallStatus.Ended,
            _ => CallStatus.Queued,
        };

    public static bool IsEnded(RetellCall call) => call.CallStatus is "ended" or "not_connected" or "error";

    /// <summary>True when the callee's line was connected (a person, voicemail or an IVR answered).</summary>
    public static bool Connected(RetellCall call) => call.CallStatus == "ended" && call.DurationMs > 0;

    /// <summary>The outcome as far as it is known; null for a connected call whose analysis has not arrived.</summary>
    public static CallOutcome? OutcomeOf(RetellCall call, bool? converted)
    {
        if (call.DisconnectionReason is "voicemail_reached" || call.CallAnalysis?.InVoicemail == true) return CallOutcome.Voicemail;
        if (!Connected(call))
            return call.DisconnectionReason switch
            {
                "dial_no_answer" or "user_declined" => CallOutcome.NoAnswer,
                "dial_busy" => CallOutcome.Busy,
                _ => CallOutcome.Failed,
            };
        return converted switch { true => CallOutcome.Converted, false => CallOutcome.NotConverted, null => null };
    }

    /// <summary>A number that can never be reached: the lead is invalid, not retried.</summary>
    public static bool InvalidNumber(string? reason) => reason is "invalid_destination";

    /// <summary>The retry policy's name for an outcome (<c>no_answer</c>, <c>busy</c>, <c>voicemail</c>, <c>failed</c>).</summary>
    public static string? RetryName(CallOutcome outcome) => outcome switch
    {
        CallOutcome.NoAnswer => "no_answer",
        CallOutcome.Busy => "busy",
        CallOutcome.Voicemail => "voicemail",
        CallOutcome.Failed => "failed",
        _ => null,
    };

    /// <summary>Connected seconds from Retell's duration, rounded up to the second (the increment rounds further).</summary>
    public static long ConnectedSeconds(RetellCall call) => Connected(call) ? (call.DurationMs!.Value + 999) / 1000 : 0;
}

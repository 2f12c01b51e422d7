using System.ComponentModel.DataAnnotations;

namespace ConvoMono.Features.Launch;

public sealed class LaunchOptions
{
    public const string Section = "Launch";

    /// <summary>Billed seconds expected per lead when estimating the credit a launch reserves (before the campaign has
    /// call history of its own); capped by the campaign's max call duration.</summary>
    [Range(1, 3600)] public int EstimatedSecondsPerCall { get; set; } = 120;

    /// <summary>Dialing and ringing time per call on top of the talk time, for the expected finish.</summary>
    [Range(0, 600)] public int DialOverheadSeconds { get; set; } = 30;
}

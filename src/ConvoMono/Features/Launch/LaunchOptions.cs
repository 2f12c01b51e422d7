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

    /// <summary>How often the dispatcher looks for work (milliseconds).</summary>
    [Range(10, 60_000)] public int DispatchIntervalMs { get; set; } = 1000;

    /// <summary>How long an instance holds a campaign while it sends a wave (seconds).</summary>
    [Range(5, 600)] public int DispatchLeaseSeconds { get; set; } = 60;

    /// <summary>Most calls in one create-batch-call.</summary>
    [Range(1, 5000)] public int MaxWaveSize { get; set; } = 500;

    /// <summary>Workspace concurrency to assume when Retell cannot be asked.</summary>
    [Range(1, 100_000)] public int DefaultWorkspaceConcurrency { get; set; } = 20;

    /// <summary>Waves in a row that fail at the provider before the campaign pauses with "provider error".</summary>
    [Range(1, 100)] public int MaxDispatchFailures { get; set; } = 5;

    /// <summary>The failure-rate pause: of the last <see cref="FailureWindow"/> calls since launch or resume, this share failing pauses the campaign.</summary>
    [Range(1, 1000)] public int FailureWindow { get; set; } = 20;
    [Range(0.01, 1.0)] public double FailureRateThreshold { get; set; } = 0.5;

    /// <summary>A campaign paused this long returns its reservation's remainder; calls after a resume hold from available credit (hours).</summary>
    [Range(1, 8760)] public int ReleasePausedAfterHours { get; set; } = 24;

    /// <summary>How often the reconciler runs (seconds).</summary>
    [Range(1, 3600)] public int ReconcileIntervalSeconds { get; set; } = 15;

    /// <summary>A wave still unconfirmed after this long is looked up at Retell by its metadata (seconds).</summary>
    [Range(1, 3600)] public int DispatchGraceSeconds { get; set; } = 120;

    /// <summary>A live call is fetched from Retell when no final event came within its max duration plus this margin (seconds).</summary>
    [Range(1, 7200)] public int StuckCallMarginSeconds { get; set; } = 600;

    /// <summary>A live call with no news for this long is looked up at Retell even before its max duration has passed
    /// (a webhook lost while the app was down, say); it is looked up again after the same time if still live (seconds).</summary>
    [Range(1, 86_400)] public int QuietCallSeconds { get; set; } = 300;

    /// <summary>An ended call without analysis is fetched after this long (seconds), and decided without it after
    /// <see cref="AnalysisGiveUpSeconds"/>.</summary>
    [Range(1, 3600)] public int AnalysisGraceSeconds { get; set; } = 120;
    [Range(1, 86_400)] public int AnalysisGiveUpSeconds { get; set; } = 1800;
}

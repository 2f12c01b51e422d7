using System.Text.Json.Nodes;

namespace ConvoMono.Simulators.Retell;

public enum SimulatedPhase { Queued, Dialing, Ongoing, Ended, Analyzed }

/// <summary>One simulated call: the Retell call object as it stands, and the plan the simulator follows for it.</summary>
public sealed class SimulatedCall
{
    public required JsonObject Call { get; init; }
    public required string? WebhookUrl { get; init; }
    public string? BatchCallId { get; init; }
    public required long StartAfterSimMs { get; init; }
    public required string Outcome { get; init; }          // answered, no_answer, voicemail, busy, failed
    public required int TalkSeconds { get; init; }
    public required bool Converted { get; init; }
    /// <summary>The callee asks not to be called again (the <c>do_not_call</c> analysis field).</summary>
    public bool AsksNoMoreCalls { get; init; }
    public SimulatedPhase Phase { get; set; } = SimulatedPhase.Queued;
    public long NextAtSimMs { get; set; }
    public long CreatedOrder { get; init; }

    public string Id => Call["call_id"]!.GetValue<string>();
    public bool Connected => Outcome is "answered" or "voicemail";
}

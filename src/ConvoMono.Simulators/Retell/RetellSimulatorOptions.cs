namespace ConvoMono.Simulators.Retell;

public sealed class RetellSimulatorOptions
{
    /// <summary>The only API key the simulator accepts (and, later, signs webhooks with).</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>What <c>get-concurrency</c> reports as the workspace limit.</summary>
    public int ConcurrencyLimit { get; set; } = 20;

    /// <summary>Share of API requests answered 500 (Simulator__Faults__ApiErrorRate).</summary>
    public double ApiErrorRate { get; set; }

    /// <summary>Share of API requests answered 429 (Simulator__Faults__ApiRateLimitRate).</summary>
    public double ApiRateLimitRate { get; set; }

    /// <summary>Added latency per API request (Simulator__Faults__ApiLatencyMs).</summary>
    public int ApiLatencyMs { get; set; }

    public int Seed { get; set; } = 42;

    /// <summary>Simulated seconds per real second (Simulator__Speed).</summary>
    public double Speed { get; set; } = 1;

    /// <summary>Webhook faults, rates 0..1 (Simulator__Faults__Webhook*).</summary>
    public double WebhookDuplicateRate { get; set; }
    public double WebhookReorderRate { get; set; }
    public double WebhookDropRate { get; set; }
    public int WebhookDelayMs { get; set; }

    /// <summary>Outcome by the destination number's ending, e.g. "0001" → "no_answer" (answered, no_answer, voicemail,
    /// busy, failed, or converted / not_converted / do_not_call for an answered call with that analysis); other numbers
    /// follow the seeded default mix.</summary>
    public Dictionary<string, string> OutcomeRules { get; set; } = new();

    /// <summary>Retell's product prices in cents per minute for the simulated call_cost.</summary>
    public Dictionary<string, decimal> PricesCentsPerMinute { get; set; } = new()
    {
        ["retell_voice_engine"] = 5.5m, ["elevenlabs_tts"] = 1.5m, ["gpt_4_1"] = 4.5m, ["twilio_telephony"] = 1.5m,
    };
}

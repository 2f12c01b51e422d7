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
}

using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace ConvoMono.Simulators.Retell;

/// <summary>The simulated Retell workspace, in memory: resources are kept as the JSON Retell would return, so any
/// field a client sends is echoed back the way the real API does.</summary>
public sealed class RetellSimulatorState(TimeProvider clock)
{
    public ConcurrentDictionary<string, JsonObject> Llms { get; } = new();
    public ConcurrentDictionary<string, JsonObject> Agents { get; } = new();
    public ConcurrentDictionary<string, JsonObject> PhoneNumbers { get; } = new();
    /// <summary>Every call placed, as Retell keeps them (get-call, list-calls).</summary>
    public ConcurrentDictionary<string, SimulatedCall> Calls { get; } = new();

    /// <summary>The calls still in progress (not yet analyzed): what a step looks at, so a step costs what is going on,
    /// not everything ever placed.</summary>
    internal ConcurrentDictionary<string, SimulatedCall> Active { get; } = new();

    /// <summary>Calls dialing or talking now (what Retell counts as concurrency).</summary>
    public int InProgress => Active.Values.Count(c => c.Phase is SimulatedPhase.Dialing or SimulatedPhase.Ongoing);

    /// <summary>Calls placed and not yet analyzed.</summary>
    public int Unfinished => Active.Count;

    /// <summary>Places a call.</summary>
    public void Add(SimulatedCall call)
    {
        Calls[call.Id] = call;
        Active[call.Id] = call;
    }
    public ConcurrentDictionary<string, JsonObject> KnowledgeBases { get; } = new();
    private long _callOrder;
    public long NextCallOrder() => Interlocked.Increment(ref _callOrder);
    private int _numberSequence;
    private int _failNext;
    private int _failStatus = 500;
    private long _requests;

    /// <summary>Requests the simulator has answered (faults included).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Makes the next <paramref name="count"/> requests fail with <paramref name="status"/> (tests of retries).</summary>
    public void FailNext(int count, int status = 500)
    {
        _failStatus = status;
        Interlocked.Exchange(ref _failNext, count);
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (int Status, int Left)> _targeted = new();

    /// <summary>Makes the next <paramref name="count"/> requests whose path or body contains <paramref name="marker"/> fail:
    /// a fault aimed at one test's request, which other tests sharing the simulator cannot consume.</summary>
    public void FailRequestsContaining(string marker, int count = 1, int status = 500) => _targeted[marker] = (status, count);

    /// <summary>Makes the next <paramref name="count"/> matching requests take effect but answer <paramref name="status"/>
    /// (a response lost on the way back: the caller cannot know the request worked).</summary>
    public void LoseResponsesContaining(string marker, int count = 1, int status = 504) => _targeted[marker] = (-status, count);

    internal bool HasTargetedFaults => !_targeted.IsEmpty;

    internal int? TakeTargetedFault(string pathAndBody)
    {
        foreach (var (marker, fault) in _targeted)
        {
            if (!pathAndBody.Contains(marker, StringComparison.Ordinal)) continue;
            if (fault.Left <= 1) _targeted.TryRemove(marker, out _);
            else _targeted[marker] = (fault.Status, fault.Left - 1);
            return fault.Status;
        }
        return null;
    }

    internal int? TakeFault(Random random, double errorRate, double rateLimitRate)
    {
        Interlocked.Increment(ref _requests);
        if (Interlocked.Decrement(ref _failNext) >= 0) return _failStatus;
        Interlocked.Exchange(ref _failNext, 0);
        lock (random)
        {
            var roll = random.NextDouble();
            if (roll < errorRate) return 500;
            if (roll < errorRate + rateLimitRate) return 429;
        }
        return null;
    }

    public long NowMs => clock.GetUtcNow().ToUnixTimeMilliseconds();

    public static string NewId(string prefix) => prefix + Guid.NewGuid().ToString("N")[..24];

    /// <summary>A plausible, unused number in the area code (US/CA), 555-01xx style so it is never a real subscriber.</summary>
    public string NextNumber(int areaCode)
    {
        var n = Interlocked.Increment(ref _numberSequence);
        return $"+1{areaCode:000}555{n % 10000:0000}";
    }

    public static readonly IReadOnlyList<JsonObject> Voices =
    [
        Voice("retell-Cimo", "Cimo", "platform", "male", "American", "Young"),
        Voice("retell-Marissa", "Marissa", "platform", "female", "American", "Young"),
        Voice("11labs-Adrian", "Adrian", "elevenlabs", "male", "American", "Middle Aged"),
        Voice("11labs-Anna", "Anna", "elevenlabs", "female", "American", "Young"),
        Voice("11labs-Brian", "Brian", "elevenlabs", "male", "British", "Middle Aged"),
        Voice("openai-Alloy", "Alloy", "openai", "female", "American", "Young"),
        Voice("cartesia-Sofia", "Sofia", "cartesia", "female", "Spanish", "Young"),
        Voice("cartesia-Hans", "Hans", "cartesia", "male", "German", "Middle Aged"),
    ];

    private static JsonObject Voice(string id, string name, string provider, string gender, string accent, string age) => new()
    {
        ["voice_id"] = id, ["voice_name"] = name, ["provider"] = provider, ["gender"] = gender, ["accent"] = accent, ["age"] = age,
        ["preview_audio_url"] = $"/simulator/retell/voice-previews/{id}.wav",
    };
}

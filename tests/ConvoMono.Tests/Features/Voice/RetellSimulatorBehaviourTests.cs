using System.Text.Json.Nodes;
using ConvoMono.Infrastructure.Voice;
using ConvoMono.Simulators.Retell;
using ConvoMono.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConvoMono.Tests.Features.Voice;

/// <summary>The simulator's call model, driven step by step on a fake clock through the typed client: the workspace
/// concurrency limit, <c>trigger_timestamp</c>, <c>call_time_window</c>, the seeded outcome mix, the agent's maximum
/// duration, prices, and the calls and knowledge-base endpoints the other tests do not reach.</summary>
public sealed class RetellSimulatorBehaviourTests(TestApps apps)
{
    // Monday 2026-11-23 18:00 UTC = 13:00 in New York.
    private static readonly DateTimeOffset Monday18Utc = new(2026, 11, 23, 18, 0, 0, TimeSpan.Zero);

    private static async Task<(RetellClient Client, string From, string AgentId)> WorkspaceAsync(EngineHost host, int maxCallMs = 300_000)
    {
        var client = host.Services.GetRequiredService<RetellClient>();
        var llm = await client.CreateLlmAsync(new RetellLlmRequest { GeneralPrompt = "Offer a check-up.", BeginMessage = "Hi {{first_name}}." }, default);
        var agent = await client.CreateAgentAsync(new RetellAgentRequest
        {
            ResponseEngine = new RetellResponseEngine { LlmId = llm.LlmId }, VoiceId = "retell-Cimo", MaxCallDurationMs = maxCallMs,
            WebhookUrl = "http://localhost/webhooks/retell",
        }, default);
        var number = await client.CreatePhoneNumberAsync(new RetellPhoneNumberRequest { AreaCode = 415 }, default);
        return (client, number.PhoneNumber, agent.AgentId);
    }

    private static IReadOnlyList<RetellBatchTask> Tasks(string agentId, int count, int first = 0) =>
        Enumerable.Range(first, count).Select(i => new RetellBatchTask { ToNumber = $"+1212555{i:0000}", OverrideAgentId = agentId }).ToList();

    private static List<SimulatedCall> Batch(EngineHost host, string batchId) =>
        host.SimulatorState.Calls.Values.Where(c => c.BatchCallId == batchId).ToList();

    /// <summary>Advances the fake clock in steps, stepping the simulator after each, until <paramref name="done"/> or the limit.</summary>
    private static void Run(EngineHost host, TimeSpan step, int maxSteps, Func<bool> done, Action? afterEach = null)
    {
        for (var i = 0; i < maxSteps && !done(); i++)
        {
            host.Clock.Advance(step);
            host.Simulator.Step();
            afterEach?.Invoke();
        }
    }

    [Fact]
    public async Task Never_more_calls_at_once_than_the_workspace_limit_it_reports()
    {
        await using var host = await EngineHost.StartAsync(await apps.GetAsync(Db.Sqlite), Monday18Utc, speed: 1,
            settings: new Dictionary<string, string> { ["Simulator:ConcurrencyLimit"] = "2" });
        var (client, from, agent) = await WorkspaceAsync(host);
        Assert.Equal(2, (await client.GetConcurrencyAsync(default)).ConcurrencyLimit);

        var batch = await client.CreateBatchCallAsync(new RetellBatchCallRequest { FromNumber = from, Tasks = Tasks(agent, 6) }, default);
        var peak = 0;
        Run(host, TimeSpan.FromSeconds(5), 2_000, () => Batch(host, batch.BatchCallId).All(c => c.Phase >= SimulatedPhase.Ended),
            () => peak = Math.Max(peak, host.SimulatorState.InProgress));
        Assert.All(Batch(host, batch.BatchCallId), c => Assert.True(c.Phase >= SimulatedPhase.Ended));
        Assert.Equal(2, peak); // the limit is used and never exceeded
    }

    [Fact]
    public async Task A_batch_waits_for_its_trigger_time_and_rings_only_inside_its_calling_window()
    {
        await using var host = await EngineHost.StartAsync(await apps.GetAsync(Db.Sqlite), Monday18Utc, speed: 1);
        var (client, from, agent) = await WorkspaceAsync(host);

        var later = await client.CreateBatchCallAsync(new RetellBatchCallRequest
        {
            FromNumber = from, Tasks = Tasks(agent, 2), TriggerTimestamp = Monday18Utc.AddMinutes(30).ToUnixTimeMilliseconds(),
        }, default);
        // 14:00–15:00 in New York on Mondays: closed now (13:00).
        var windowed = await client.CreateBatchCallAsync(new RetellBatchCallRequest
        {
            FromNumber = from, Tasks = Tasks(agent, 2, first: 10),
            CallTimeWindow = new JsonObject
            {
                ["timezone"] = "America/New_York", ["day"] = new JsonArray("Monday"),
                ["windows"] = new JsonArray(new JsonObject { ["start"] = 14 * 60, ["end"] = 15 * 60 }),
            },
        }, default);

        Run(host, TimeSpan.FromMinutes(1), 29, () => false);
        Assert.All(Batch(host, later.BatchCallId), c => Assert.Equal(SimulatedPhase.Queued, c.Phase));
        Run(host, TimeSpan.FromMinutes(1), 3, () => false);
        Assert.All(Batch(host, later.BatchCallId), c => Assert.NotEqual(SimulatedPhase.Queued, c.Phase));

        // 13:32 now: the window opens at 14:00.
        Assert.All(Batch(host, windowed.BatchCallId), c => Assert.Equal(SimulatedPhase.Queued, c.Phase));
        Run(host, TimeSpan.FromMinutes(1), 26, () => false);
        Assert.All(Batch(host, windowed.BatchCallId), c => Assert.Equal(SimulatedPhase.Queued, c.Phase));
        Run(host, TimeSpan.FromMinutes(1), 4, () => false);
        Assert.All(Batch(host, windowed.BatchCallId), c => Assert.NotEqual(SimulatedPhase.Queued, c.Phase));
        Assert.All(Batch(host, windowed.BatchCallId), c =>
            Assert.True(c.Call["start_timestamp"] is null || c.Call["start_timestamp"]!.GetValue<long>() >= Monday18Utc.AddHours(1).ToUnixTimeMilliseconds()));
    }

    [Fact]
    public async Task The_seeded_default_mix_gives_each_outcome_its_share_and_Retells_disconnection_reason()
    {
        await using var host = await EngineHost.StartAsync(await apps.GetAsync(Db.Sqlite), Monday18Utc, speed: 60);
        var (client, from, agent) = await WorkspaceAsync(host);
        var batch = await client.CreateBatchCallAsync(new RetellBatchCallRequest { FromNumber = from, Tasks = Tasks(agent, 1_000) }, default);
        var calls = Batch(host, batch.BatchCallId);
        double Share(string outcome) => calls.Count(c => c.Outcome == outcome) / (double)calls.Count;
        // Expected 55 / 20 / 15 / 5 / 5 %; ±5 points is over three standard deviations at n = 1,000.
        Assert.InRange(Share("answered"), 0.50, 0.60);
        Assert.InRange(Share("no_answer"), 0.15, 0.25);
        Assert.InRange(Share("voicemail"), 0.10, 0.20);
        Assert.InRange(Share("busy"), 0.02, 0.08);
        Assert.InRange(Share("failed"), 0.02, 0.08);

        Run(host, TimeSpan.FromSeconds(10), 5_000, () => calls.All(c => c.Phase >= SimulatedPhase.Ended));
        string Reason(SimulatedCall c) => c.Call["disconnection_reason"]!.GetValue<string>();
        Assert.All(calls.Where(c => c.Outcome == "no_answer"), c => Assert.Equal("dial_no_answer", Reason(c)));
        Assert.All(calls.Where(c => c.Outcome == "busy"), c => Assert.Equal("dial_busy", Reason(c)));
        Assert.All(calls.Where(c => c.Outcome == "failed"), c => Assert.Equal("dial_failed", Reason(c)));
        Assert.All(calls.Where(c => c.Outcome == "voicemail"), c => Assert.Equal("voicemail_reached", Reason(c)));
        Assert.All(calls.Where(c => c.Outcome == "answered"), c => Assert.Contains(Reason(c), new[] { "user_hangup", "agent_hangup", "max_duration_reached" }));
        Assert.All(calls.Where(c => !c.Connected), c => Assert.Equal("not_connected", c.Call["call_status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Answered_calls_stop_at_the_agents_maximum_duration_and_cost_what_the_prices_say()
    {
        await using var host = await EngineHost.StartAsync(await apps.GetAsync(Db.Sqlite), Monday18Utc, speed: 60, settings: new Dictionary<string, string>
        {
            ["Simulator:PricesCentsPerMinute:retell_voice_engine"] = "6", ["Simulator:PricesCentsPerMinute:elevenlabs_tts"] = "0",
            ["Simulator:PricesCentsPerMinute:gpt_4_1"] = "0", ["Simulator:PricesCentsPerMinute:twilio_telephony"] = "0",
        });
        // The shortest limit Retell accepts; answered calls talk 20 s up to the limit, some of them all of it.
        var (client, from, agent) = await WorkspaceAsync(host, maxCallMs: 60_000);
        var batch = await client.CreateBatchCallAsync(new RetellBatchCallRequest { FromNumber = from, Tasks = Tasks(agent, 300) }, default);
        var calls = Batch(host, batch.BatchCallId);
        Run(host, TimeSpan.FromSeconds(10), 2_000, () => calls.All(c => c.Phase >= SimulatedPhase.Ended));

        var answered = calls.Where(c => c.Outcome == "answered").ToList();
        Assert.All(answered, call =>
        {
            var duration = call.Call["duration_ms"]!.GetValue<long>();
            Assert.InRange(duration, 20_000, 60_000);
            Assert.Equal(duration == 60_000, call.Call["disconnection_reason"]!.GetValue<string>() == "max_duration_reached");
        });
        Assert.Contains(answered, c => c.Call["disconnection_reason"]!.GetValue<string>() == "max_duration_reached");
        Assert.All(calls.Where(c => c.Connected), call =>
        {
            // 6 cents a minute on the only product with a price: cost = seconds × 0.1 cent.
            var cost = call.Call["call_cost"]!.AsObject();
            var seconds = cost["total_duration_seconds"]!.GetValue<int>();
            Assert.True(seconds > 0);
            Assert.Equal(Math.Round(seconds * 0.1m, 4), cost["combined_cost"]!.GetValue<decimal>());
            Assert.Equal(0m, cost["product_costs"]!.AsArray().Where(p => p!["product"]!.GetValue<string>() != "retell_voice_engine").Sum(p => p!["cost"]!.GetValue<decimal>()));
        });
    }

    [Fact]
    public async Task A_single_phone_call_is_created_once_even_when_the_answer_is_a_server_error()
    {
        await using var host = await EngineHost.StartAsync(await apps.GetAsync(Db.Sqlite), Monday18Utc, speed: 60);
        var (client, from, agent) = await WorkspaceAsync(host);
        var call = await client.CreatePhoneCallAsync(new RetellPhoneCallRequest
        {
            FromNumber = from, ToNumber = "+12125550199", OverrideAgentId = agent, Metadata = new JsonObject { ["lead_id"] = "lead-9" },
            RetellLlmDynamicVariables = new Dictionary<string, string> { ["first_name"] = "Ida" },
        }, default);
        Assert.StartsWith("call_", call.CallId);
        Assert.Equal("registered", call.CallStatus);
        Assert.Equal("lead-9", (await client.GetCallAsync(call.CallId, default)).Metadata!.Value.GetProperty("lead_id").GetString());

        host.SimulatorState.FailNext(1, 503);
        var before = host.SimulatorState.Requests;
        var error = await Assert.ThrowsAsync<RetellApiException>(() => client.CreatePhoneCallAsync(new RetellPhoneCallRequest
        {
            FromNumber = from, ToNumber = "+12125550198", OverrideAgentId = agent,
        }, default));
        Assert.Equal(503, error.Status);
        Assert.Equal(1, host.SimulatorState.Requests - before); // never sent twice
        Assert.DoesNotContain(host.SimulatorState.Calls.Values, c => c.Call["to_number"]!.GetValue<string>() == "+12125550198");
    }

    [Fact]
    public async Task Every_api_request_waits_the_configured_latency_and_none_without_it()
    {
        const int latencyMs = 1_500;
        static async Task<TimeSpan> ThreeRequestsAsync(RetellClient client)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            for (var i = 0; i < 3; i++) Assert.True((await client.GetConcurrencyAsync(default)).ConcurrencyLimit > 0);
            return watch.Elapsed;
        }

        await using (var slow = await EngineHost.StartAsync(await apps.GetAsync(Db.Sqlite), Monday18Utc, speed: 1,
            settings: new Dictionary<string, string> { ["Simulator:Faults:ApiLatencyMs"] = latencyMs.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
        {
            var client = slow.Services.GetRequiredService<RetellClient>();
            var before = slow.SimulatorState.Requests;
            var elapsed = await ThreeRequestsAsync(client);
            Assert.Equal(3, slow.SimulatorState.Requests - before); // three requests, not retries of one
            // Each request, not only the first; a few ms of slack for the timer's granularity, no upper bound.
            Assert.True(elapsed >= TimeSpan.FromMilliseconds(3 * latencyMs - 30), $"3 requests took {elapsed.TotalMilliseconds} ms");
        }

        await using var fast = await EngineHost.StartAsync(await apps.GetAsync(Db.Sqlite), Monday18Utc, speed: 1);
        var warm = fast.Services.GetRequiredService<RetellClient>();
        await warm.GetConcurrencyAsync(default); // the first request pays for start-up, not for latency
        var quick = await ThreeRequestsAsync(warm);
        Assert.True(quick < TimeSpan.FromMilliseconds(latencyMs), $"3 requests without latency took {quick.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Sources_added_to_a_knowledge_base_are_indexed_again_and_an_unknown_base_is_refused()
    {
        await using var host = await EngineHost.StartAsync(await apps.GetAsync(Db.Sqlite), Monday18Utc, speed: 1);
        var client = host.Services.GetRequiredService<RetellClient>();
        var kb = await client.CreateKnowledgeBaseAsync("Clinic", [new RetellText("Hours", "Mon–Fri 9–5")], [], [], default);
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var ready = await client.GetKnowledgeBaseAsync(kb.KnowledgeBaseId, default);
        Assert.Equal("complete", ready.Status);
        Assert.Single(ready.KnowledgeBaseSources!);

        var adding = await client.AddKnowledgeBaseSourcesAsync(kb.KnowledgeBaseId, [new RetellText("Prices", "A check-up is $80")],
            ["https://clinic.example/faq"], [], default);
        Assert.Equal("in_progress", adding.Status);
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var again = await client.GetKnowledgeBaseAsync(kb.KnowledgeBaseId, default);
        Assert.Equal("complete", again.Status);
        Assert.Equal(3, again.KnowledgeBaseSources!.Count);

        var unknown = await Assert.ThrowsAsync<RetellApiException>(() =>
            client.AddKnowledgeBaseSourcesAsync("knowledge_base_unknown", [new RetellText("x", "y")], [], [], default));
        Assert.True(unknown.IsNotFound);
    }
}

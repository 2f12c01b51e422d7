using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConvoMono.Infrastructure.Voice;
using ConvoMono.Simulators.Retell;
using ConvoMono.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConvoMono.Tests.Features.Voice;

/// <summary><c>v3/list-calls</c> in the simulator, through the platform's typed client: each <c>filter_criteria</c> key
/// of retell-sdk 5.66.1 selects exactly the calls it names, and a filter the simulator does not know is refused instead of
/// ignored (an ignored filter would hand the reconciler calls it never asked for).</summary>
public sealed class RetellSimulatorListCallsTests(TestApps apps)
{
    private static readonly DateTimeOffset Monday18Utc = new(2026, 11, 23, 18, 0, 0, TimeSpan.Zero);

    /// <summary>Seven calls with known outcomes (numbers end in 1–7): a batch of three on agent A, a batch of two on agent
    /// B that stores basic attributes only, a single call on A, and a batch on A that is not due until tomorrow.</summary>
    private sealed record Workspace(EngineHost Host, RetellClient Client, string AgentA, string AgentB, string From, string Batch1, string Batch2,
        Dictionary<int, SimulatedCall> Calls) : IAsyncDisposable
    {
        public string Id(int n) => Calls[n].Id;
        public ValueTask DisposeAsync() => Host.DisposeAsync();
    }

    private async Task<Workspace> PlayedAsync()
    {
        var host = await EngineHost.StartAsync(await apps.GetAsync(Db.Sqlite), Monday18Utc, speed: 1, settings: new Dictionary<string, string>
        {
            ["Simulator:OutcomeRules:0001"] = "converted", ["Simulator:OutcomeRules:0002"] = "no_answer", ["Simulator:OutcomeRules:0003"] = "voicemail",
            ["Simulator:OutcomeRules:0004"] = "busy", ["Simulator:OutcomeRules:0005"] = "not_converted", ["Simulator:OutcomeRules:0006"] = "failed",
        });
        var client = host.Services.GetRequiredService<RetellClient>();
        var llm = await client.CreateLlmAsync(new RetellLlmRequest { BeginMessage = "Hi {{first_name}}." }, default);
        async Task<string> AgentAsync() => (await client.CreateAgentAsync(new RetellAgentRequest
        {
            ResponseEngine = new RetellResponseEngine { LlmId = llm.LlmId }, VoiceId = "retell-Cimo", MaxCallDurationMs = 600_000,
        }, default)).AgentId;
        var (a, b) = (await AgentAsync(), await AgentAsync());
        var from = (await client.CreatePhoneNumberAsync(new RetellPhoneNumberRequest { AreaCode = 415 }, default)).PhoneNumber;

        RetellBatchTask Lead(string to, string agent, JsonObject metadata, string name, string score, JsonObject? agentOverride = null) => new()
        {
            ToNumber = to, OverrideAgentId = agent, Metadata = metadata, AgentOverride = agentOverride,
            RetellLlmDynamicVariables = new Dictionary<string, string> { ["first_name"] = name, ["score"] = score },
        };
        JsonObject Meta(string lead, string campaign, int? attempt = null)
        {
            var m = new JsonObject { ["lead_id"] = lead, ["campaign_id"] = campaign };
            if (attempt is { } n) m["attempt"] = n;
            return m;
        }
        var basic = new JsonObject { ["agent"] = new JsonObject { ["data_storage_setting"] = "basic_attributes_only" } };
        var batch1 = await client.CreateBatchCallAsync(new RetellBatchCallRequest
        {
            FromNumber = from, Tasks =
            [
                Lead("+12125550001", a, Meta("lead-1", "c-1", 1), "Ana", "7"), Lead("+12125550002", a, Meta("lead-2", "c-1", 2), "Ben", "3"),
                Lead("+12125550003", a, Meta("lead-3", "c-1"), "Cy", "9"),
            ],
        }, default);
        var batch2 = await client.CreateBatchCallAsync(new RetellBatchCallRequest
        {
            FromNumber = from, Tasks = [Lead("+13035550004", b, Meta("lead-4", "c-2"), "Di", "1", basic), Lead("+13035550005", b, Meta("lead-5", "c-2"), "Ed", "5", basic)],
        }, default);
        await client.CreatePhoneCallAsync(new RetellPhoneCallRequest { FromNumber = from, ToNumber = "+14155550006", OverrideAgentId = a, Metadata = Meta("lead-6", "c-3") }, default);
        await client.CreateBatchCallAsync(new RetellBatchCallRequest
        {
            FromNumber = from, TriggerTimestamp = Monday18Utc.AddDays(1).ToUnixTimeMilliseconds(),
            Tasks = [Lead("+12125550007", a, Meta("lead-7", "c-1"), "Flo", "2")],
        }, default);

        var calls = host.SimulatorState.Calls.Values.ToDictionary(c => c.Call["to_number"]!.GetValue<string>()[^1] - '0');
        for (var i = 0; i < 500 && calls.Values.Any(c => c.Id != calls[7].Id && c.Phase != SimulatedPhase.Analyzed); i++)
        {
            host.Clock.Advance(TimeSpan.FromSeconds(10));
            host.Simulator.Step();
        }
        Assert.All(calls.Where(c => c.Key != 7), c => Assert.Equal(SimulatedPhase.Analyzed, c.Value.Phase));
        Assert.Equal("registered", calls[7].Call["call_status"]!.GetValue<string>());
        return new Workspace(host, client, a, b, from, batch1.BatchCallId, batch2.BatchCallId, calls);
    }

    /// <summary>The numbers (1–7) of the calls the filter selects.</summary>
    private static async Task<int[]> ListAsync(Workspace w, JsonObject filter)
    {
        var page = await w.Client.ListCallsAsync(new RetellListCallsRequest { FilterCriteria = filter, Limit = 1000 }, default);
        Assert.False(page.HasMore);
        return page.Items.Select(c => c.ToNumber![^1] - '0').Order().ToArray();
    }

    private static async Task ExpectAsync(Workspace w, int[] expected, JsonObject filter) => Assert.Equal(expected, await ListAsync(w, filter));

    private static JsonObject F(string key, string type, string op, JsonNode? value) =>
        new() { [key] = new JsonObject { ["type"] = type, ["op"] = op, ["value"] = value } };

    private static JsonObject Keyed(string field, params (string Key, string Type, string Op, JsonNode? Value)[] filters) => new()
    {
        [field] = new JsonArray(filters.Select(f => (JsonNode)new JsonObject { ["key"] = f.Key, ["type"] = f.Type, ["op"] = f.Op, ["value"] = f.Value }).ToArray()),
    };

    /// <summary>A number on a simulated call, whichever CLR type the simulator stored it as.</summary>
    private static long? Number(JsonNode? node) => node is null ? null : long.Parse(node.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    private static JsonArray Strings(params string[] values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());

    [Fact]
    public async Task Each_filter_on_the_calls_own_fields_selects_exactly_the_calls_it_names()
    {
        await using var w = await PlayedAsync();
        int[] all = [1, 2, 3, 4, 5, 6, 7], analyzed = [1, 2, 3, 4, 5, 6];

        await ExpectAsync(w, all, []);
        // agent: OR-ed; versions narrow it (every simulated agent is at version 0).
        await ExpectAsync(w, [1, 2, 3, 6, 7], new() { ["agent"] = new JsonArray(new JsonObject { ["agent_id"] = w.AgentA }) });
        await ExpectAsync(w, [4, 5], new()
        {
            ["agent"] = new JsonArray(new JsonObject { ["agent_id"] = w.AgentB }, new JsonObject { ["agent_id"] = w.AgentA, ["version"] = new JsonArray(1) }),
        });
        await ExpectAsync(w, [1, 2, 3, 6, 7], new() { ["agent"] = new JsonArray(new JsonObject { ["agent_id"] = w.AgentA, ["version"] = new JsonArray(0) }) });
        await ExpectAsync(w, [], F("agent_tag", "enum", "in", Strings("prod")));

        await ExpectAsync(w, [1, 2, 3], F("batch_call_id", "string", "eq", w.Batch1));
        await ExpectAsync(w, [4, 5, 7], F("batch_call_id", "string", "ne", w.Batch1)); // the single call has no batch
        await ExpectAsync(w, [1, 2, 3, 4, 5, 7], F("batch_call_id", "string", "sw", "batch_call_"));
        await ExpectAsync(w, [1], F("call_id", "string", "eq", w.Id(1)));
        await ExpectAsync(w, [1, 4], F("call_id", "enum", "in", Strings(w.Id(1), w.Id(4))));

        await ExpectAsync(w, [2, 4, 6], F("call_status", "enum", "in", Strings("not_connected")));
        await ExpectAsync(w, [1, 3, 5], F("call_status", "enum", "in", Strings("ended", "error")));
        await ExpectAsync(w, all, F("call_type", "enum", "in", Strings("phone_call")));
        await ExpectAsync(w, [], F("call_type", "enum", "in", Strings("web_call")));
        await ExpectAsync(w, all, F("direction", "enum", "in", Strings("outbound")));
        await ExpectAsync(w, [], F("direction", "enum", "in", Strings("inbound")));
        await ExpectAsync(w, [3, 4], F("disconnection_reason", "enum", "in", Strings("dial_busy", "voicemail_reached")));
        await ExpectAsync(w, [4, 5], F("data_storage_setting", "enum", "in", Strings("basic_attributes_only")));
        await ExpectAsync(w, [1, 2, 3, 6, 7], F("data_storage_setting", "enum", "in", Strings("everything")));

        await ExpectAsync(w, [1], F("call_successful", "boolean", "eq", true));
        await ExpectAsync(w, [2, 3, 4, 5, 6], F("call_successful", "boolean", "eq", false)); // 7 has no analysis yet
        await ExpectAsync(w, [3], F("in_voicemail", "boolean", "eq", true));
        await ExpectAsync(w, [1, 5], F("user_sentiment", "enum", "in", Strings("Positive", "Negative")));

        await ExpectAsync(w, all, F("from_number", "string", "eq", w.From));
        await ExpectAsync(w, [2, 3, 4, 5, 6, 7], F("to_number", "string", "ne", "+12125550001"));
        await ExpectAsync(w, [4, 5], F("to_number", "string", "sw", "+1303"));
        await ExpectAsync(w, [3], F("to_number", "string", "ew", "0003"));
        await ExpectAsync(w, [1, 2, 3, 7], F("to_number", "string", "co", "212555"));

        // Numbers and ranges, with thresholds taken from the calls as played.
        long Long(int n, string field) => Number(w.Calls[n].Call[field])!.Value;
        int[] Where(Func<SimulatedCall, bool> keep) => w.Calls.Where(c => keep(c.Value)).Select(c => c.Key).Order().ToArray();
        await ExpectAsync(w, [2, 4, 6], F("combined_cost", "range", "bt", new JsonArray(0, 0)));
        await ExpectAsync(w, [1, 3, 5], F("combined_cost", "number", "gt", 0.5m));
        await ExpectAsync(w, [2, 4, 6], F("duration_ms", "number", "eq", 0));
        var d1 = Long(1, "duration_ms");
        await ExpectAsync(w, Where(c => Number(c.Call["duration_ms"]) >= d1), F("duration_ms", "number", "ge", d1));
        await ExpectAsync(w, Where(c => Number(c.Call["duration_ms"]) < d1), F("duration_ms", "number", "lt", d1));
        await ExpectAsync(w, [1, 3, 5], F("e2e_latency_p50", "number", "gt", 0)); // only calls that talked have latency

        var (s3, s5) = (Long(3, "start_timestamp"), Long(5, "start_timestamp"));
        var (low, high) = (Math.Min(s3, s5), Math.Max(s3, s5));
        var started = Where(c => Number(c.Call["start_timestamp"]) is { } s && s >= low && s <= high);
        Assert.Contains(3, started);
        Assert.Contains(5, started);
        await ExpectAsync(w, started, F("start_timestamp", "range", "bt", new JsonArray(low, high)));
        await ExpectAsync(w, analyzed, F("start_timestamp", "number", "gt", 0)); // 7 has not started
        // The first calls to end are ones that never connected: the earliest end splits the calls.
        var firstEnd = analyzed.Min(n => Long(n, "end_timestamp"));
        var endedFirst = await ListAsync(w, F("end_timestamp", "number", "le", firstEnd));
        Assert.Equal(Where(c => Number(c.Call["end_timestamp"]) <= firstEnd), endedFirst);
        Assert.InRange(endedFirst.Length, 1, analyzed.Length - 1);

        // AND of several keys.
        await ExpectAsync(w, [2], new()
        {
            ["call_status"] = new JsonObject { ["type"] = "enum", ["op"] = "in", ["value"] = Strings("not_connected") },
            ["batch_call_id"] = new JsonObject { ["type"] = "string", ["op"] = "eq", ["value"] = w.Batch1 },
        });
    }

    [Fact]
    public async Task Keyed_filters_select_by_metadata_dynamic_variables_and_analysis_and_match_no_tool_calls()
    {
        await using var w = await PlayedAsync();

        await ExpectAsync(w, [1, 2, 3, 7], Keyed("metadata", ("campaign_id", "string", "eq", "c-1")));
        await ExpectAsync(w, [2, 3, 7], Keyed("metadata", ("campaign_id", "string", "eq", "c-1"), ("lead_id", "string", "ne", "lead-1")));
        await ExpectAsync(w, [1, 4], Keyed("metadata", ("lead_id", "enum", "in", Strings("lead-1", "lead-4"))));
        await ExpectAsync(w, [2], Keyed("metadata", ("attempt", "number", "ge", 2)));
        await ExpectAsync(w, [1], Keyed("metadata", ("attempt", "string", "eq", "1")));
        await ExpectAsync(w, [1, 2], Keyed("metadata", ("attempt", "present", "pr", null)));
        await ExpectAsync(w, [3, 4, 5, 6, 7], Keyed("metadata", ("attempt", "present", "np", null)));

        // Dynamic variables are strings; number filters read them as numbers.
        await ExpectAsync(w, [2], Keyed("dynamic_variables", ("first_name", "string", "eq", "Ben")));
        await ExpectAsync(w, [1, 3], Keyed("dynamic_variables", ("score", "number", "gt", 5)));
        await ExpectAsync(w, [1, 2, 5], Keyed("dynamic_variables", ("score", "range", "bt", new JsonArray(3, 7))));
        await ExpectAsync(w, [6], Keyed("dynamic_variables", ("score", "present", "np", null)));

        await ExpectAsync(w, [1], Keyed("custom_analysis_data", ("converted", "boolean", "eq", true)));
        await ExpectAsync(w, [2, 3, 4, 5, 6], Keyed("custom_analysis_data", ("converted", "boolean", "eq", false)));
        await ExpectAsync(w, [], Keyed("custom_attributes", ("tier", "present", "pr", null)));
        await ExpectAsync(w, [1, 2, 3, 4, 5, 6, 7], Keyed("custom_attributes", ("tier", "present", "np", null)));

        await ExpectAsync(w, [], new() { ["tool_calls"] = new JsonArray(new JsonObject { ["name"] = "book_appointment" }) });
        await ExpectAsync(w, [1, 2, 3, 4, 5, 6, 7], new() { ["tool_calls"] = new JsonArray() });
    }

    [Fact]
    public async Task A_filter_the_simulator_does_not_know_or_cannot_read_is_refused_with_400()
    {
        await using var w = await PlayedAsync();
        async Task RefusedAsync(JsonObject filter, string message)
        {
            var error = await Assert.ThrowsAsync<RetellApiException>(() => ListAsync(w, filter));
            Assert.Equal(400, error.Status);
            Assert.Contains(message, error.RetellMessage);
        }

        await RefusedAsync(F("campaign_id", "string", "eq", "c-1"), "filter_criteria.campaign_id is not a supported filter.");
        await RefusedAsync(F("call_status", "string", "eq", "ended"), "filter_criteria.call_status.type must be enum");
        await RefusedAsync(F("call_status", "enum", "eq", Strings("ended")), "filter_criteria.call_status: enum filters take op in and an array of strings.");
        await RefusedAsync(F("start_timestamp", "range", "bt", new JsonArray(1)), "range filters take op bt and [lower, upper]");
        await RefusedAsync(F("duration_ms", "number", "gt", "ten"), "number filters take op eq, ne, gt, ge, lt or le and a number");
        await RefusedAsync(new() { ["metadata"] = new JsonArray(new JsonObject { ["type"] = "string", ["op"] = "eq", ["value"] = "c-1" }) },
            "filter_criteria.metadata[0].key is required.");
        await RefusedAsync(new() { ["metadata"] = new JsonObject { ["key"] = "lead_id" } }, "filter_criteria.metadata must be an array");
        await RefusedAsync(new() { ["agent"] = new JsonObject { ["agent_id"] = w.AgentA } }, "filter_criteria.agent must be an array");
        await RefusedAsync(new() { ["tool_calls"] = new JsonArray(new JsonObject { ["speed"] = 1 }) }, "tool_calls[0].speed is not a supported tool-call filter.");

        // A body that is not JSON is refused too, rather than read as "no filter" (which would list every call).
        using var http = w.Host.Anonymous();
        http.DefaultRequestHeaders.Authorization = new("Bearer", RetellOptions.SimulatorDefaultKey);
        var garbled = await http.PostAsync("/simulator/retell/v3/list-calls", new StringContent("{\"filter_criteria\":", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(400, (int)garbled.StatusCode);
    }

    [Fact]
    public async Task Calls_are_listed_by_start_timestamp_with_calls_not_started_last_in_ascending_order()
    {
        await using var w = await PlayedAsync();
        using var http = w.Host.Anonymous();
        http.DefaultRequestHeaders.Authorization = new("Bearer", RetellOptions.SimulatorDefaultKey);
        async Task<(int Number, long? Start)[]> ListAsync(string order)
        {
            var response = await http.PostAsJsonAsync("/simulator/retell/v3/list-calls", new JsonObject { ["sort_order"] = order });
            var items = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("items").EnumerateArray();
            return items.Select(i => (i.GetProperty("to_number").GetString()![^1] - '0',
                i.TryGetProperty("start_timestamp", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt64() : (long?)null)).ToArray();
        }

        var ascending = await ListAsync("ascending");
        Assert.Equal(7, ascending.Length);
        Assert.Equal(7, ascending[^1].Number);                    // not started: no start_timestamp, after every started call
        Assert.Null(ascending[^1].Start);
        var starts = ascending[..^1].Select(c => c.Start!.Value).ToArray();
        Assert.Equal(starts.Order(), starts);
        // The calls did not start in the order they were placed (a no-answer dials longer than a busy line), so creation
        // order would not pass the check above.
        Assert.NotEqual([1, 2, 3, 4, 5, 6], ascending[..^1].Select(c => c.Number));
        Assert.Equal(ascending.Reverse().Select(c => c.Number), (await ListAsync("descending")).Select(c => c.Number));
    }

    [Fact]
    public async Task Filtered_results_page_by_cursor_and_by_skip_and_count_the_total()
    {
        await using var w = await PlayedAsync();
        var filter = new JsonObject { ["agent"] = new JsonArray(new JsonObject { ["agent_id"] = w.AgentA }) }; // calls 1, 2, 3, 6, 7
        var first = await w.Client.ListCallsAsync(new RetellListCallsRequest { FilterCriteria = filter, Limit = 3, SortOrder = "ascending" }, default);
        Assert.True(first.HasMore);
        var second = await w.Client.ListCallsAsync(new RetellListCallsRequest
        {
            FilterCriteria = filter, Limit = 3, SortOrder = "ascending", PaginationKey = first.PaginationKey,
        }, default);
        Assert.False(second.HasMore);
        Assert.Equal([1, 2, 3, 6, 7], first.Items.Concat(second.Items).Select(c => c.ToNumber![^1] - '0').Order());
        Assert.Equal(5, first.Items.Concat(second.Items).Select(c => c.CallId).Distinct().Count());

        using var http = w.Host.Anonymous();
        http.DefaultRequestHeaders.Authorization = new("Bearer", RetellOptions.SimulatorDefaultKey);
        var skipped = await http.PostAsJsonAsync("/simulator/retell/v3/list-calls", new JsonObject
        {
            ["filter_criteria"] = filter.DeepClone(), ["limit"] = 2, ["skip"] = 3, ["sort_order"] = "ascending", ["include_total"] = true,
        });
        var page = JsonDocument.Parse(await skipped.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(5, page.GetProperty("total").GetInt32());
        Assert.False(page.GetProperty("has_more").GetBoolean());
        Assert.Equal(second.Items.Select(c => c.CallId), page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("call_id").GetString()!));
    }
}

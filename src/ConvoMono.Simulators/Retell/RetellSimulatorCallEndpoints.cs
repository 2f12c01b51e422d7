using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static ConvoMono.Simulators.Retell.RetellSimulatorEndpoints;

namespace ConvoMono.Simulators.Retell;

/// <summary>The call endpoints of the simulator: batch and single outbound calls, get-call and v3/list-calls.</summary>
public static class RetellSimulatorCallEndpoints
{
    private static readonly string[] Mix = ["answered", "no_answer", "voicemail", "busy", "failed"];
    private static readonly double[] MixWeights = [0.55, 0.20, 0.15, 0.05, 0.05];
    private static readonly string[] Transcripts = ["transcript", "transcript_object", "transcript_with_tool_calls"];

    public static RouteGroupBuilder MapRetellSimulatorCalls(this RouteGroupBuilder api, Random outcomes)
    {
        api.MapPost("/create-batch-call", async (HttpRequest request, RetellSimulatorState state, RetellCallSimulator sim, IOptions<RetellSimulatorOptions> options) =>
        {
            if (await ReadObjectAsync(request) is not { } body) return Error(400, "Invalid request format, please check API reference.");
            if (body["tasks"] is not JsonArray { Count: > 0 } tasks) return Error(400, "tasks must be a non-empty array.");
            var from = body["from_number"]?.GetValue<string>();
            var batchId = "batch_call_" + Guid.NewGuid().ToString("N")[..20];
            var start = body["trigger_timestamp"]?.GetValue<long>() ?? sim.SimNowMs;
            var created = new List<SimulatedCall>();
            foreach (var task in tasks.OfType<JsonObject>())
            {
                var (call, error) = NewCall(state, options.Value, outcomes, from, task, batchId, start, body["call_time_window"] as JsonObject);
                if (error is not null) return error;
                created.Add(call!);
            }
            foreach (var call in created) state.Add(call);
            return Results.Json(new JsonObject
            {
                ["batch_call_id"] = batchId, ["name"] = body["name"]?.DeepClone(), ["from_number"] = from, ["scheduled_timestamp"] = start,
                ["total_task_count"] = created.Count, ["call_time_window"] = body["call_time_window"]?.DeepClone(),
            }, statusCode: 201);
        });

        api.MapPost("/v2/create-phone-call", async (HttpRequest request, RetellSimulatorState state, RetellCallSimulator sim, IOptions<RetellSimulatorOptions> options) =>
        {
            if (await ReadObjectAsync(request) is not { } body) return Error(400, "Invalid request format, please check API reference.");
            var (call, error) = NewCall(state, options.Value, outcomes, body["from_number"]?.GetValue<string>(), body, null, sim.SimNowMs, null);
            if (error is not null) return error;
            state.Add(call!);
            return Results.Json(Public(call!, withTranscript: true), statusCode: 201);
        });

        api.MapGet("/v2/get-call/{id}", (string id, RetellSimulatorState state) =>
            state.Calls.TryGetValue(id, out var call) ? Results.Json(Public(call, withTranscript: true)) : Error(422, "Cannot find requested asset under given api key."));

        api.MapPost("/v3/list-calls", async (HttpRequest request, RetellSimulatorState state) =>
        {
            // An unreadable body is refused, not read as "no filters": that would answer with every call.
            var text = await new StreamReader(request.Body).ReadToEndAsync(request.HttpContext.RequestAborted);
            JsonObject? body;
            try { body = string.IsNullOrWhiteSpace(text) ? new JsonObject() : JsonNode.Parse(text) as JsonObject; }
            catch (JsonException) { body = null; }
            if (body is null) return Error(400, "Invalid request format, please check API reference.");
            var (filter, error) = RetellSimulatorCallFilter.Parse(body["filter_criteria"]);
            if (filter is null) return Error(400, error!);
            // Retell orders by start_timestamp; a call not started yet has none and sorts after every started one.
            var ordered = state.Calls.Values.Where(filter.Matches)
                .OrderBy(c => c.Call["start_timestamp"] is { } start ? start.GetValue<long>() : long.MaxValue).ThenBy(c => c.CreatedOrder).ToList();
            if (body["sort_order"]?.GetValue<string>() != "ascending") ordered.Reverse();
            var limit = Math.Clamp(body["limit"]?.GetValue<int>() ?? 50, 1, 1000);
            var after = body["pagination_key"]?.GetValue<string>();
            var startAt = (after is null ? 0 : ordered.FindIndex(c => c.Id == after) + 1) + Math.Max(0, body["skip"]?.GetValue<int>() ?? 0);
            var page = ordered.Skip(startAt).Take(limit).ToList();
            var more = startAt + limit < ordered.Count;
            var result = new JsonObject
            {
                ["items"] = new JsonArray(page.Select(c => (JsonNode)Public(c, withTranscript: false)).ToArray()),
                ["has_more"] = more,
                ["pagination_key"] = more ? page[^1].Id : null,
            };
            if (body["include_total"]?.GetValue<bool>() == true) result["total"] = ordered.Count;
            return Results.Json(result);
        });
        return api;
    }

    private static (SimulatedCall? Call, IResult? Error) NewCall(RetellSimulatorState state, RetellSimulatorOptions options, Random outcomes,
        string? from, JsonObject task, string? batchId, long startAfter, JsonObject? window)
    {
        if (from is null || !state.PhoneNumbers.TryGetValue(from, out var number))
            return (null, Error(400, "from_number must be a phone number in this workspace."));
        var to = task["to_number"]?.GetValue<string>();
        if (to is null || !System.Text.RegularExpressions.Regex.IsMatch(to, "^\\+[1-9]\\d{6,14}$"))
            return (null, Error(400, "to_number must be an E.164 number."));
        var agentId = task["override_agent_id"]?.GetValue<string>()
            ?? number["outbound_agents"]?.AsArray().FirstOrDefault()?["agent_id"]?.GetValue<string>()
            ?? number["outbound_agent_id"]?.GetValue<string>();
        if (agentId is null || !state.Agents.TryGetValue(agentId, out var agent))
            return (null, Error(400, "No outbound agent: bind one to the number or pass override_agent_id."));
        var overrideAgent = task["agent_override"]?["agent"] as JsonObject;
        var llmId = agent["response_engine"]?["llm_id"]?.GetValue<string>();
        var begin = task["agent_override"]?["retell_llm"]?["begin_message"]?.GetValue<string>()
            ?? (llmId is not null && state.Llms.TryGetValue(llmId, out var llm) ? llm["begin_message"]?.GetValue<string>() : null);
        var maxMs = overrideAgent?["max_call_duration_ms"]?.GetValue<long>() ?? agent["max_call_duration_ms"]?.GetValue<long>() ?? 3_600_000;

        string outcome;
        string? rule;
        int talk;
        bool converted;
        lock (outcomes)
        {
            rule = options.OutcomeRules.FirstOrDefault(r => to.EndsWith(r.Key, StringComparison.Ordinal)).Value;
            outcome = rule is "converted" or "not_converted" or "do_not_call" ? "answered" : rule ?? Pick(outcomes);
            // Up to the agent's limit, inclusive: a call that talks that long is cut off there (max_duration_reached).
            talk = outcome == "voicemail" ? outcomes.Next(15, 40) : outcomes.Next(20, (int)Math.Max(21, Math.Min(300, maxMs / 1000) + 1));
            converted = rule switch { "converted" => true, "not_converted" or "do_not_call" => false, _ => outcomes.NextDouble() < 0.35 };
        }
        var call = new JsonObject
        {
            ["call_id"] = "call_" + Guid.NewGuid().ToString("N")[..24], ["call_type"] = "phone_call", ["agent_id"] = agentId, ["agent_version"] = 0,
            ["agent_name"] = agent["agent_name"]?.DeepClone(), ["call_status"] = "registered", ["direction"] = "outbound",
            ["from_number"] = from, ["to_number"] = to,
            ["data_storage_setting"] = overrideAgent?["data_storage_setting"]?.DeepClone() ?? agent["data_storage_setting"]?.DeepClone() ?? "everything",
            ["__begin_message"] = begin, ["__max_call_duration_ms"] = maxMs, ["__call_time_window"] = window?.DeepClone(),
        };
        if (task["metadata"] is { } metadata) call["metadata"] = metadata.DeepClone();
        if (task["retell_llm_dynamic_variables"] is { } vars) call["retell_llm_dynamic_variables"] = vars.DeepClone();
        return (new SimulatedCall
        {
            Call = call, WebhookUrl = overrideAgent?["webhook_url"]?.GetValue<string>() ?? agent["webhook_url"]?.GetValue<string>(), BatchCallId = batchId,
            StartAfterSimMs = startAfter, Outcome = outcome, TalkSeconds = talk, Converted = converted, AsksNoMoreCalls = rule == "do_not_call", CreatedOrder = state.NextCallOrder(),
        }, null);
    }

    private static string Pick(Random random)
    {
        var roll = random.NextDouble();
        for (var i = 0; i < Mix.Length; i++)
        {
            if (roll < MixWeights[i]) return Mix[i];
            roll -= MixWeights[i];
        }
        return Mix[0];
    }

    private static JsonObject Public(SimulatedCall call, bool withTranscript)
    {
        JsonObject copy;
        lock (call) copy = (JsonObject)call.Call.DeepClone();
        foreach (var key in copy.Select(p => p.Key).Where(k => k.StartsWith("__", StringComparison.Ordinal) || !withTranscript && Transcripts.Contains(k)).ToList())
            copy.Remove(key);
        return copy;
    }
}

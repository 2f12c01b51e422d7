using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConvoMono.Simulators.Retell;

/// <summary>The <c>filter_criteria</c> of <c>v3/list-calls</c>, every key retell-sdk 5.66.1 types, AND-ed. A key or shape
/// outside that is refused (400) rather than skipped: a filter the simulator ignored would hand the platform's reconciler
/// calls it never asked for. (Whether real Retell refuses or ignores an unknown key is unconfirmed.) A call without the
/// filtered field matches only <c>present</c>/<c>np</c>, never <c>ne</c>.</summary>
public sealed class RetellSimulatorCallFilter
{
    private static readonly string[] Text = ["string"], Choice = ["enum"], TextOrChoice = ["string", "enum"], Amount = ["number", "range"],
        YesNo = ["boolean"], Any = ["string", "number", "boolean", "range", "enum", "present"];

    private static readonly Dictionary<string, (string[] Types, Func<SimulatedCall, JsonNode?> Read)> Fields = new()
    {
        ["agent_tag"] = (Choice, c => c.Call["agent_tag"]),
        // Not a field of the call object (reference §6.4): the simulator keeps it beside the call.
        ["batch_call_id"] = (Text, c => c.BatchCallId is { } id ? JsonValue.Create(id) : null),
        ["call_id"] = (TextOrChoice, c => c.Call["call_id"]),
        ["call_status"] = (Choice, c => c.Call["call_status"]),
        ["call_successful"] = (YesNo, c => Analysis(c)?["call_successful"]),
        ["call_type"] = (Choice, c => c.Call["call_type"]),
        ["combined_cost"] = (Amount, c => (c.Call["call_cost"] as JsonObject)?["combined_cost"]),
        ["data_storage_setting"] = (Choice, c => c.Call["data_storage_setting"]),
        ["direction"] = (Choice, c => c.Call["direction"]),
        ["disconnection_reason"] = (Choice, c => c.Call["disconnection_reason"]),
        ["duration_ms"] = (Amount, c => c.Call["duration_ms"]),
        ["e2e_latency_p50"] = (Amount, c => ((c.Call["latency"] as JsonObject)?["e2e"] as JsonObject)?["p50"]),
        ["end_timestamp"] = (Amount, c => c.Call["end_timestamp"]),
        ["from_number"] = (Text, c => c.Call["from_number"]),
        ["in_voicemail"] = (YesNo, c => Analysis(c)?["in_voicemail"]),
        ["start_timestamp"] = (Amount, c => c.Call["start_timestamp"]),
        ["to_number"] = (Text, c => c.Call["to_number"]),
        ["user_sentiment"] = (Choice, c => Analysis(c)?["user_sentiment"]),
    };

    /// <summary>Arrays of conditions, each on one <c>key</c> of an object on the call.</summary>
    private static readonly Dictionary<string, Func<SimulatedCall, JsonObject?>> Keyed = new()
    {
        ["metadata"] = c => c.Call["metadata"] as JsonObject,
        ["dynamic_variables"] = c => c.Call["retell_llm_dynamic_variables"] as JsonObject,
        ["custom_analysis_data"] = c => Analysis(c)?["custom_analysis_data"] as JsonObject,
        ["custom_attributes"] = c => c.Call["custom_attributes"] as JsonObject,
    };

    private readonly List<Func<SimulatedCall, bool>> _conditions = [];

    private RetellSimulatorCallFilter() { }

    public bool Matches(SimulatedCall call)
    {
        lock (call) return _conditions.All(condition => condition(call));
    }

    /// <summary>The filter, or the reason the criteria are refused.</summary>
    public static (RetellSimulatorCallFilter? Filter, string? Error) Parse(JsonNode? criteria)
    {
        var filter = new RetellSimulatorCallFilter();
        if (criteria is null) return (filter, null);
        if (criteria is not JsonObject all) return (null, "filter_criteria must be an object.");
        foreach (var (name, node) in all)
        {
            var error = name switch
            {
                "agent" => filter.AddAgent(node),
                "tool_calls" => filter.AddToolCalls(node),
                _ when Keyed.TryGetValue(name, out var read) => filter.AddKeyed(name, node, read),
                _ when Fields.TryGetValue(name, out var field) => filter.Add($"filter_criteria.{name}", node, field.Types, field.Read),
                _ => $"filter_criteria.{name} is not a supported filter.",
            };
            if (error is not null) return (null, error);
        }
        return (filter, null);
    }

    private string? Add(string path, JsonNode? node, string[] types, Func<SimulatedCall, JsonNode?> read)
    {
        var (test, error) = Condition(path, node, types);
        if (test is null) return error;
        _conditions.Add(c => test(read(c)));
        return null;
    }

    private string? AddKeyed(string name, JsonNode? node, Func<SimulatedCall, JsonObject?> read)
    {
        if (node is not JsonArray items) return $"filter_criteria.{name} must be an array of filters.";
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"filter_criteria.{name}[{i}]";
            if (Str((items[i] as JsonObject)?["key"]) is not { Length: > 0 } key) return $"{path}.key is required.";
            var error = Add(path, items[i], Any, c => read(c)?[key]);
            if (error is not null) return error;
        }
        return null;
    }

    /// <summary><c>[{agent_id, version?: int[]}]</c>, OR-ed; no versions means every version.</summary>
    private string? AddAgent(JsonNode? node)
    {
        if (node is not JsonArray items) return "filter_criteria.agent must be an array of {agent_id, version?}.";
        var agents = new List<(string Id, HashSet<long> Versions)>();
        foreach (var item in items)
        {
            if (Str((item as JsonObject)?["agent_id"]) is not { } id) return "filter_criteria.agent[].agent_id is required.";
            var versions = new HashSet<long>();
            if (item!["version"] is { } v)
            {
                if (v is not JsonArray list || list.Any(x => Number(x) is null)) return "filter_criteria.agent[].version must be an array of integers.";
                versions.UnionWith(list.Select(x => (long)Number(x)!.Value));
            }
            agents.Add((id, versions));
        }
        _conditions.Add(c => agents.Any(a => Str(c.Call["agent_id"]) == a.Id
            && (a.Versions.Count == 0 || Number(c.Call["agent_version"]) is { } version && a.Versions.Contains((long)version))));
        return null;
    }

    /// <summary><c>[{name?, type?, success?, latency_ms?}]</c>, AND-ed. Simulated agents call no tools, so a call never
    /// matches one; the shape is still checked, so a malformed request fails here as it would against Retell.</summary>
    private string? AddToolCalls(JsonNode? node)
    {
        if (node is not JsonArray items) return "filter_criteria.tool_calls must be an array.";
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"filter_criteria.tool_calls[{i}]";
            if (items[i] is not JsonObject item) return $"{path} must be an object.";
            foreach (var (name, value) in item)
            {
                var error = name switch
                {
                    "name" or "type" => Str(value) is null ? $"{path}.{name} must be a string." : null,
                    "success" => Condition($"{path}.success", value, YesNo).Error,
                    "latency_ms" => Condition($"{path}.latency_ms", value, Amount).Error,
                    _ => $"{path}.{name} is not a supported tool-call filter.",
                };
                if (error is not null) return error;
            }
            _conditions.Add(_ => false);
        }
        return null;
    }

    /// <summary>One <c>{type, op, value}</c> condition on a field's value.</summary>
    private static (Func<JsonNode?, bool>? Test, string? Error) Condition(string path, JsonNode? node, string[] types)
    {
        if (node is not JsonObject f) return (null, $"{path} must be a filter object with type, op and value.");
        var type = Str(f["type"]);
        if (type is null || !types.Contains(type)) return (null, $"{path}.type must be {string.Join(" or ", types)}.");
        var op = Str(f["op"]);
        var value = f["value"];
        string Bad(string ops, string what) => $"{path}: {type} filters take op {ops} and {what}.";
        switch (type)
        {
            case "string":
                if (op is not ("eq" or "ne" or "sw" or "ew" or "co") || Str(value) is not { } text) return (null, Bad("eq, ne, sw, ew or co", "a string value"));
                return (n => Str(n, loose: true) is { } s && op switch
                {
                    "eq" => s == text, "ne" => s != text, "sw" => s.StartsWith(text, StringComparison.Ordinal),
                    "ew" => s.EndsWith(text, StringComparison.Ordinal), _ => s.Contains(text, StringComparison.Ordinal),
                }, null);
            case "enum":
                if (op != "in" || value is not JsonArray choices || choices.Any(x => Str(x) is null)) return (null, Bad("in", "an array of strings"));
                var set = choices.Select(x => Str(x)!).ToHashSet(StringComparer.Ordinal);
                return (n => Str(n, loose: true) is { } s && set.Contains(s), null);
            case "number":
                if (op is not ("eq" or "ne" or "gt" or "ge" or "lt" or "le") || Number(value) is not { } x) return (null, Bad("eq, ne, gt, ge, lt or le", "a number"));
                return (n => Number(n, loose: true) is { } v && op switch
                {
                    "eq" => v == x, "ne" => v != x, "gt" => v > x, "ge" => v >= x, "lt" => v < x, _ => v <= x,
                }, null);
            case "range":
                if (op != "bt" || value is not JsonArray { Count: 2 } bounds || Number(bounds[0]) is not { } low || Number(bounds[1]) is not { } high)
                    return (null, Bad("bt", "[lower, upper]"));
                return (n => Number(n, loose: true) is { } v && v >= low && v <= high, null);
            case "boolean":
                if (op != "eq" || Bool(value) is not { } expected) return (null, Bad("eq", "true or false"));
                return (n => Bool(n, loose: true) == expected, null);
            default:
                if (op is not ("pr" or "np")) return (null, Bad("pr or np", "no value"));
                var present = op == "pr";
                return (n => (n is not null && n.GetValueKind() != JsonValueKind.Null) == present, null);
        }
    }

    private static JsonObject? Analysis(SimulatedCall c) => c.Call["call_analysis"] as JsonObject;

    /// <summary>A string; with <paramref name="loose"/> also a number or boolean as its JSON text (metadata is any JSON).</summary>
    private static string? Str(JsonNode? node, bool loose = false) => node is JsonValue v ? v.GetValueKind() switch
    {
        JsonValueKind.String => v.GetValue<string>(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False when loose => v.ToJsonString(),
        _ => null,
    } : null;

    /// <summary>A number; with <paramref name="loose"/> also a numeric string (dynamic variables are strings).</summary>
    private static decimal? Number(JsonNode? node, bool loose = false) => node is JsonValue v ? v.GetValueKind() switch
    {
        JsonValueKind.Number when v.TryGetValue<decimal>(out var d) => d,
        JsonValueKind.Number => decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null,
        JsonValueKind.String when loose => decimal.TryParse(v.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null,
        _ => null,
    } : null;

    private static bool? Bool(JsonNode? node, bool loose = false) => node is JsonValue v ? v.GetValueKind() switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String when loose && bool.TryParse(v.GetValue<string>(), out var b) => b,
        _ => null,
    } : null;
}

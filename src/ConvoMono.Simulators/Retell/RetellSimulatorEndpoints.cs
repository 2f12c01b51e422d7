using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConvoMono.Simulators.Retell;

/// <summary>Retell's HTTP API as the simulator serves it: the same paths, fields, list envelopes, status codes and
/// error bodies as ../shared/reference/retell-api.md: LLMs, agents, voices, phone numbers, concurrency, and the
/// calls and knowledge bases of <see cref="RetellSimulatorCallEndpoints"/> and <see cref="RetellSimulatorKnowledgeBaseEndpoints"/>.</summary>
public static class RetellSimulatorEndpoints
{
    private const string NotFound = "Cannot find requested asset under given api key.";

    public static IServiceCollection AddRetellSimulator(this IServiceCollection services, Action<RetellSimulatorOptions> configure)
    {
        services.Configure(configure);
        services.AddSingleton<RetellSimulatorState>();
        services.AddHttpClient(RetellCallSimulator.WebhookClient);
        services.AddSingleton<RetellCallSimulator>();
        services.AddHostedService(sp => sp.GetRequiredService<RetellCallSimulator>());
        return services;
    }

    public static IEndpointRouteBuilder MapRetellSimulator(this IEndpointRouteBuilder app, string prefix = "/simulator/retell")
    {
        var random = new Random(app.ServiceProvider.GetRequiredService<IOptions<RetellSimulatorOptions>>().Value.Seed);
        var api = app.MapGroup(prefix).ExcludeFromDescription().AddEndpointFilter(async (context, next) =>
        {
            var services = context.HttpContext.RequestServices;
            var options = services.GetRequiredService<IOptions<RetellSimulatorOptions>>().Value;
            var state = services.GetRequiredService<RetellSimulatorState>();
            if (options.ApiLatencyMs > 0) await Task.Delay(options.ApiLatencyMs, context.HttpContext.RequestAborted);
            if (state.HasTargetedFaults)
            {
                var request = context.HttpContext.Request;
                request.EnableBuffering();
                var text = request.Path + " " + await new StreamReader(request.Body, leaveOpen: true).ReadToEndAsync(context.HttpContext.RequestAborted);
                request.Body.Position = 0;
                if (state.TakeTargetedFault(text) is { } targeted)
                {
                    if (targeted > 0) return Error(targeted, "An unexpected server error occurred.");
                    // A lost response: the request takes effect, the caller only sees the gateway's error.
                    if (context.HttpContext.Request.Headers.Authorization.ToString() == "Bearer " + options.ApiKey) await next(context);
                    return Error(-targeted, "Gateway timeout.");
                }
            }
            switch (state.TakeFault(random, options.ApiErrorRate, options.ApiRateLimitRate))
            {
                case 429: return Error(429, "Account rate limited, please throttle your requests.");
                case { } status: return Error(status, "An unexpected server error occurred.");
            }
            var header = context.HttpContext.Request.Headers.Authorization.ToString();
            return header == "Bearer " + options.ApiKey ? await next(context) : Error(401, "API key is missing or invalid.");
        });

        // Retell LLM
        api.MapPost("/create-retell-llm", async (HttpRequest request, RetellSimulatorState state) =>
        {
            if (await ReadObjectAsync(request) is not { } body) return Error(400, "Invalid request format, please check API reference.");
            var id = RetellSimulatorState.NewId("llm_");
            body["llm_id"] = id;
            body["version"] = 0;
            body["is_published"] = false;
            body["model"] ??= "gpt-4.1";
            body["last_modification_timestamp"] = state.NowMs;
            state.Llms[id] = body;
            return Results.Json(body, statusCode: 201);
        });
        api.MapGet("/get-retell-llm/{id}", (string id, RetellSimulatorState state) => Get(state.Llms, id));
        api.MapPatch("/update-retell-llm/{id}", async (string id, HttpRequest request, RetellSimulatorState state) => await PatchAsync(state.Llms, id, request, state));
        api.MapDelete("/delete-retell-llm/{id}", (string id, bool? force_delete, RetellSimulatorState state) =>
        {
            if (!state.Llms.ContainsKey(id)) return Error(422, NotFound);
            var used = state.Agents.Values.Any(a => a["response_engine"]?["llm_id"]?.GetValue<string>() == id);
            if (used && force_delete != true) return Error(400, "This Retell LLM is used by an agent; pass force_delete=true to delete it anyway.");
            state.Llms.TryRemove(id, out _);
            return Results.NoContent();
        });
        api.MapGet("/v2/list-retell-llms", (int? limit, string? pagination_key, string? sort_order, RetellSimulatorState state) =>
            Page(state.Llms.Values, "llm_id", limit, pagination_key, sort_order, o => o));

        // Agents
        api.MapPost("/create-agent", async (HttpRequest request, RetellSimulatorState state) =>
        {
            if (await ReadObjectAsync(request) is not { } body) return Error(400, "Invalid request format, please check API reference.");
            if (body["response_engine"] is not JsonObject engine || engine["type"] is null)
                return Error(400, "response_engine is required.");
            if (body["voice_id"]?.GetValue<string>() is not { } voice) return Error(400, "voice_id is required.");
            if (RetellSimulatorState.Voices.All(v => v["voice_id"]!.GetValue<string>() != voice)) return Error(400, $"voice_id {voice} not found.");
            if (engine["type"]!.GetValue<string>() == "retell-llm" && !state.Llms.ContainsKey(engine["llm_id"]?.GetValue<string>() ?? ""))
                return Error(422, NotFound);
            if (InvalidDuration(body) is { } invalid) return invalid;
            var id = RetellSimulatorState.NewId("agent_");
            body["agent_id"] = id;
            body["version"] = 0;
            body["is_published"] = false;
            body["language"] ??= "en-US";
            body["max_call_duration_ms"] ??= 3_600_000L;
            body["last_modification_timestamp"] = state.NowMs;
            state.Agents[id] = body;
            return Results.Json(body, statusCode: 201);
        });
        api.MapGet("/get-agent/{id}", (string id, RetellSimulatorState state) => Get(state.Agents, id));
        api.MapPatch("/update-agent/{id}", async (string id, HttpRequest request, RetellSimulatorState state) => await PatchAsync(state.Agents, id, request, state, InvalidDuration));
        api.MapDelete("/delete-agent/{id}", (string id, RetellSimulatorState state) =>
            state.Agents.TryRemove(id, out _) ? Results.NoContent() : Error(422, NotFound));
        api.MapPost("/v2/list-agents", (int? limit, string? pagination_key, string? sort_order, RetellSimulatorState state) =>
            Page(state.Agents.Values, "agent_id", limit, pagination_key, sort_order, a => new JsonObject
            {
                ["agent_id"] = a["agent_id"]!.DeepClone(), ["agent_name"] = a["agent_name"]?.DeepClone(), ["channel"] = "voice",
                ["tags"] = new JsonArray(), ["user_modified_timestamp"] = a["last_modification_timestamp"]!.DeepClone(),
            }));

        // Voices
        api.MapGet("/list-voices", () => Results.Json(new JsonArray(RetellSimulatorState.Voices.Select(v => (JsonNode)v.DeepClone()).ToArray())));
        api.MapGet("/get-voice/{id}", (string id) =>
            RetellSimulatorState.Voices.FirstOrDefault(v => v["voice_id"]!.GetValue<string>() == id) is { } voice ? Results.Json(voice) : Error(422, NotFound));

        // Phone numbers
        api.MapPost("/create-phone-number", async (HttpRequest request, RetellSimulatorState state) =>
        {
            if (await ReadObjectAsync(request) is not { } body) return Error(400, "Invalid request format, please check API reference.");
            var area = body["area_code"]?.GetValue<int>() ?? 415;
            if (area is < 200 or > 999) return Error(400, "area_code must be a 3-digit US or CA area code.");
            var number = body["phone_number"]?.GetValue<string>() ?? state.NextNumber(area);
            if (state.PhoneNumbers.ContainsKey(number)) return Error(400, "This phone number is already in your workspace.");
            body["phone_number"] = number;
            body["phone_number_type"] = body["number_provider"]?.GetValue<string>() == "telnyx" ? "retell-telnyx" : "retell-twilio";
            body["phone_number_pretty"] = Pretty(number);
            body["area_code"] = area;
            body["last_modification_timestamp"] = state.NowMs;
            state.PhoneNumbers[number] = body;
            return Results.Json(body, statusCode: 201);
        });
        api.MapPost("/import-phone-number", async (HttpRequest request, RetellSimulatorState state) =>
        {
            if (await ReadObjectAsync(request) is not { } body) return Error(400, "Invalid request format, please check API reference.");
            if (body["phone_number"]?.GetValue<string>() is not { } number || body["termination_uri"]?.GetValue<string>() is not { } uri)
                return Error(400, "phone_number and termination_uri are required.");
            body["phone_number_type"] = "custom";
            body["phone_number_pretty"] = Pretty(number);
            body["sip_outbound_trunk_config"] = new JsonObject
            {
                ["termination_uri"] = uri, ["auth_username"] = body["sip_trunk_auth_username"]?.DeepClone(), ["transport"] = body["transport"]?.DeepClone() ?? "TCP",
            };
            body.Remove("sip_trunk_auth_password");
            body["last_modification_timestamp"] = state.NowMs;
            state.PhoneNumbers[number] = body;
            return Results.Json(body, statusCode: 201);
        });
        api.MapGet("/get-phone-number/{number}", (string number, RetellSimulatorState state) => Get(state.PhoneNumbers, number));
        api.MapPatch("/update-phone-number/{number}", async (string number, HttpRequest request, RetellSimulatorState state) =>
            await PatchAsync(state.PhoneNumbers, number, request, state));
        api.MapDelete("/delete-phone-number/{number}", (string number, RetellSimulatorState state) =>
            state.PhoneNumbers.TryRemove(number, out _) ? Results.NoContent() : Error(422, NotFound));
        api.MapGet("/v2/list-phone-numbers", (int? limit, string? pagination_key, string? sort_order, RetellSimulatorState state) =>
            Page(state.PhoneNumbers.Values, "phone_number", limit, pagination_key, sort_order, p => p));

        // Workspace
        api.MapGet("/get-concurrency", (IOptions<RetellSimulatorOptions> options, RetellSimulatorState state) => Results.Json(new JsonObject
        {
            ["current_concurrency"] = state.InProgress, ["concurrency_limit"] = options.Value.ConcurrencyLimit, ["base_concurrency"] = options.Value.ConcurrencyLimit,
            ["purchased_concurrency"] = 0, ["concurrency_purchase_limit"] = 100, ["remaining_purchase_limit"] = 100,
            ["concurrency_burst_enabled"] = false, ["concurrency_burst_limit"] = 0, ["reserved_inbound_concurrency"] = 0,
        }));
        api.MapRetellSimulatorKnowledgeBases();
        api.MapRetellSimulatorCalls(new Random(app.ServiceProvider.GetRequiredService<IOptions<RetellSimulatorOptions>>().Value.Seed + 2));
        api.MapGet("/get-api-key-info", () => Results.Json(new JsonObject { ["api_key_name"] = "simulator", ["org_name"] = "ConvoMono Retell simulator" }));
        return app;
    }

    public static IResult Error(int status, string message) =>
        Results.Json(new JsonObject { ["status"] = "error", ["message"] = message }, statusCode: status);

    private static IResult Get(System.Collections.Concurrent.ConcurrentDictionary<string, JsonObject> store, string id) =>
        store.TryGetValue(id, out var item) ? Results.Json(item) : Error(422, NotFound);

    private static async Task<IResult> PatchAsync(System.Collections.Concurrent.ConcurrentDictionary<string, JsonObject> store, string id,
        HttpRequest request, RetellSimulatorState state, Func<JsonObject, IResult?>? validate = null)
    {
        if (!store.TryGetValue(id, out var item)) return Error(422, NotFound);
        if (await ReadObjectAsync(request) is not { } body) return Error(400, "Invalid request format, please check API reference.");
        if (validate?.Invoke(body) is { } invalid) return invalid;
        lock (item)
        {
            foreach (var (key, value) in body.ToList())
                if (key is not ("llm_id" or "agent_id" or "phone_number" or "version")) item[key] = value?.DeepClone();
            item["last_modification_timestamp"] = state.NowMs;
        }
        return Results.Json(item);
    }

    private static IResult? InvalidDuration(JsonObject body) =>
        body["max_call_duration_ms"] is JsonValue v && v.TryGetValue<long>(out var ms) && ms is < 60_000 or > 7_200_000
            ? Error(400, "max_call_duration_ms must be between 60000 and 7200000.")
            : null;

    private static IResult Page(IEnumerable<JsonObject> all, string idField, int? limit, string? after, string? sortOrder, Func<JsonObject, JsonObject> map)
    {
        var take = Math.Clamp(limit ?? 50, 1, 1000);
        var ordered = all.OrderBy(o => o["last_modification_timestamp"]!.GetValue<long>()).ThenBy(o => o[idField]!.GetValue<string>()).ToList();
        if (sortOrder != "ascending") ordered.Reverse();
        var start = after is null ? 0 : ordered.FindIndex(o => o[idField]!.GetValue<string>() == after) + 1;
        var page = ordered.Skip(start).Take(take).ToList();
        var more = start + take < ordered.Count;
        return Results.Json(new JsonObject
        {
            ["items"] = new JsonArray(page.Select(o => (JsonNode)map(o).DeepClone()).ToArray()),
            ["has_more"] = more,
            ["pagination_key"] = more ? page[^1][idField]!.GetValue<string>() : null,
        });
    }

    internal static async Task<JsonObject?> ReadObjectAsync(HttpRequest request)
    {
        try { return await JsonNode.ParseAsync(request.Body) as JsonObject; }
        catch (JsonException) { return null; }
    }

    private static string Pretty(string e164) =>
        e164.Length == 12 && e164.StartsWith("+1") ? $"+1 ({e164[2..5]}) {e164[5..8]}-{e164[8..]}" : e164;
}

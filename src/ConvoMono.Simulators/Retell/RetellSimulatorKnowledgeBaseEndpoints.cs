using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static ConvoMono.Simulators.Retell.RetellSimulatorEndpoints;

namespace ConvoMono.Simulators.Retell;

/// <summary>Knowledge bases: multipart create and add-sources exactly as Retell reads them (texts and URLs as one JSON
/// field each, files repeated under one name); indexing takes a few simulated seconds (<c>in_progress</c> →
/// <c>complete</c>), and the sources appear once it is done.</summary>
public static class RetellSimulatorKnowledgeBaseEndpoints
{
    private const long IndexingMs = 3_000;

    public static RouteGroupBuilder MapRetellSimulatorKnowledgeBases(this RouteGroupBuilder api)
    {
        api.MapPost("/create-knowledge-base", async (HttpRequest request, RetellSimulatorState state, RetellCallSimulator sim) =>
        {
            if (!request.HasFormContentType) return Error(400, "Invalid request format, please check API reference.");
            var form = await request.ReadFormAsync();
            var name = form["knowledge_base_name"].ToString();
            if (string.IsNullOrWhiteSpace(name) || name.Length >= 40) return Error(400, "knowledge_base_name is required and must be under 40 characters.");
            if (Sources(form) is not { } sources) return Error(400, "knowledge_base_texts and knowledge_base_urls must each be one JSON array.");
            if (sources.Count == 0) return Error(400, "no knowledge base sources provided");
            var id = "knowledge_base_" + Guid.NewGuid().ToString("N")[..16];
            var kb = new JsonObject
            {
                ["knowledge_base_id"] = id, ["knowledge_base_name"] = name, ["status"] = "in_progress",
                ["enable_auto_refresh"] = form["enable_auto_refresh"].ToString() == "true",
                ["max_chunk_size"] = int.TryParse(form["max_chunk_size"], out var max) ? max : 2000,
                ["min_chunk_size"] = int.TryParse(form["min_chunk_size"], out var min) ? min : 400,
                ["__sources"] = sources, ["__ready_at"] = sim.SimNowMs + IndexingMs,
            };
            state.KnowledgeBases[id] = kb;
            return Results.Json(Public(kb, sim.SimNowMs), statusCode: 201);
        }).DisableAntiforgery();

        api.MapPost("/add-knowledge-base-sources/{id}", async (string id, HttpRequest request, RetellSimulatorState state, RetellCallSimulator sim) =>
        {
            if (!state.KnowledgeBases.TryGetValue(id, out var kb)) return Error(422, "Cannot find requested asset under given api key.");
            if (!request.HasFormContentType || Sources(await request.ReadFormAsync()) is not { Count: > 0 } added)
                return Error(400, "no knowledge base sources provided");
            lock (kb)
            {
                foreach (var source in added) kb["__sources"]!.AsArray().Add(source?.DeepClone());
                kb["__ready_at"] = sim.SimNowMs + IndexingMs;
            }
            return Results.Json(Public(kb, sim.SimNowMs), statusCode: 201);
        }).DisableAntiforgery();

        api.MapGet("/get-knowledge-base/{id}", (string id, RetellSimulatorState state, RetellCallSimulator sim) =>
            state.KnowledgeBases.TryGetValue(id, out var kb) ? Results.Json(Public(kb, sim.SimNowMs)) : Error(422, "Cannot find requested asset under given api key."));
        api.MapGet("/list-knowledge-bases", (RetellSimulatorState state, RetellCallSimulator sim) =>
            Results.Json(new JsonArray(state.KnowledgeBases.Values.Select(kb => (JsonNode)Public(kb, sim.SimNowMs)).ToArray())));
        api.MapDelete("/delete-knowledge-base/{id}", (string id, RetellSimulatorState state) =>
            state.KnowledgeBases.TryRemove(id, out _) ? Results.NoContent() : Error(422, "Cannot find requested asset under given api key."));
        return api;
    }

    private static JsonArray? Sources(IFormCollection form)
    {
        var sources = new JsonArray();
        try
        {
            if (form["knowledge_base_texts"].ToString() is { Length: > 0 } texts)
                foreach (var t in JsonNode.Parse(texts)!.AsArray())
                    sources.Add(new JsonObject { ["type"] = "text", ["source_id"] = NewSource(), ["title"] = t!["title"]?.DeepClone(),
                        ["content_url"] = "https://simulator.invalid/kb/text/" + Guid.NewGuid().ToString("N")[..8] });
            if (form["knowledge_base_urls"].ToString() is { Length: > 0 } urls)
                foreach (var u in JsonNode.Parse(urls)!.AsArray())
                    sources.Add(new JsonObject { ["type"] = "url", ["source_id"] = NewSource(), ["url"] = u!.GetValue<string>() });
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException) { return null; }
        foreach (var file in form.Files.GetFiles("knowledge_base_files"))
            sources.Add(new JsonObject { ["type"] = "document", ["source_id"] = NewSource(), ["filename"] = file.FileName,
                ["file_url"] = "https://simulator.invalid/kb/files/" + Uri.EscapeDataString(file.FileName), ["file_size"] = file.Length });
        return sources;
    }

    private static string NewSource() => "source_" + Guid.NewGuid().ToString("N")[..12];

    private static JsonObject Public(JsonObject kb, long now)
    {
        JsonObject copy;
        lock (kb) copy = (JsonObject)kb.DeepClone();
        var ready = now >= copy["__ready_at"]!.GetValue<long>();
        copy["status"] = ready ? "complete" : "in_progress";
        if (ready)
        {
            copy["knowledge_base_sources"] = copy["__sources"]!.DeepClone();
            copy["last_refreshed_timestamp"] = copy["__ready_at"]!.GetValue<long>();
        }
        copy.Remove("__sources");
        copy.Remove("__ready_at");
        return copy;
    }
}

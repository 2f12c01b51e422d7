using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConvoMono.Infrastructure.Voice;

/// <summary>The Retell endpoints the platform uses, over a typed HttpClient whose resilience handler retries only
/// requests that are safe to repeat (never a POST: a retried create-phone-call or create-batch-call would place
/// duplicate calls; those are tagged with our ids in metadata and reconciled instead).</summary>
public sealed class RetellClient(HttpClient http)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    public Task<RetellLlm> CreateLlmAsync(RetellLlmRequest request, CancellationToken ct) => SendAsync<RetellLlm>(HttpMethod.Post, "create-retell-llm", request, ct);
    public Task<RetellLlm> GetLlmAsync(string llmId, CancellationToken ct) => SendAsync<RetellLlm>(HttpMethod.Get, $"get-retell-llm/{Esc(llmId)}", null, ct);
    public Task<RetellLlm> UpdateLlmAsync(string llmId, RetellLlmRequest request, CancellationToken ct) =>
        SendAsync<RetellLlm>(HttpMethod.Patch, $"update-retell-llm/{Esc(llmId)}", request, ct);
    public Task DeleteLlmAsync(string llmId, CancellationToken ct) => SendAsync<object>(HttpMethod.Delete, $"delete-retell-llm/{Esc(llmId)}", null, ct);
    public Task<RetellList<RetellLlm>> ListLlmsAsync(int limit, string? paginationKey, CancellationToken ct) =>
        SendAsync<RetellList<RetellLlm>>(HttpMethod.Get, $"v2/list-retell-llms?limit={limit}{Key(paginationKey)}", null, ct);

    public Task<RetellAgent> CreateAgentAsync(RetellAgentRequest request, CancellationToken ct) => SendAsync<RetellAgent>(HttpMethod.Post, "create-agent", request, ct);
    public Task<RetellAgent> GetAgentAsync(string agentId, CancellationToken ct) => SendAsync<RetellAgent>(HttpMethod.Get, $"get-agent/{Esc(agentId)}", null, ct);
    public Task<RetellAgent> UpdateAgentAsync(string agentId, RetellAgentRequest request, CancellationToken ct) =>
        SendAsync<RetellAgent>(HttpMethod.Patch, $"update-agent/{Esc(agentId)}", request, ct);
    /// <summary>A POST that only reads, so a caller may repeat it; the handler still never repeats it by itself.</summary>
    public Task<RetellList<RetellAgentSummary>> ListAgentsAsync(int limit, string? paginationKey, CancellationToken ct) =>
        SendAsync<RetellList<RetellAgentSummary>>(HttpMethod.Post, $"v2/list-agents?limit={limit}{Key(paginationKey)}", new { }, ct);
    public Task DeleteAgentAsync(string agentId, CancellationToken ct) => SendAsync<object>(HttpMethod.Delete, $"delete-agent/{Esc(agentId)}", null, ct);

    public Task<IReadOnlyList<RetellVoice>> ListVoicesAsync(CancellationToken ct) => SendAsync<IReadOnlyList<RetellVoice>>(HttpMethod.Get, "list-voices", null, ct);
    public Task<RetellConcurrency> GetConcurrencyAsync(CancellationToken ct) => SendAsync<RetellConcurrency>(HttpMethod.Get, "get-concurrency", null, ct);

    public Task<RetellPhoneNumber> CreatePhoneNumberAsync(RetellPhoneNumberRequest request, CancellationToken ct) =>
        SendAsync<RetellPhoneNumber>(HttpMethod.Post, "create-phone-number", request, ct);
    public Task<RetellPhoneNumber> ImportPhoneNumberAsync(RetellImportPhoneNumberRequest request, CancellationToken ct) =>
        SendAsync<RetellPhoneNumber>(HttpMethod.Post, "import-phone-number", request, ct);
    public Task<RetellPhoneNumber> GetPhoneNumberAsync(string number, CancellationToken ct) =>
        SendAsync<RetellPhoneNumber>(HttpMethod.Get, $"get-phone-number/{number}", null, ct);
    public Task<RetellList<RetellPhoneNumber>> ListPhoneNumbersAsync(int limit, string? paginationKey, CancellationToken ct) =>
        SendAsync<RetellList<RetellPhoneNumber>>(HttpMethod.Get, $"v2/list-phone-numbers?limit={limit}{Key(paginationKey)}", null, ct);
    public Task<RetellPhoneNumber> UpdatePhoneNumberAsync(string number, System.Text.Json.Nodes.JsonObject changes, CancellationToken ct) =>
        SendAsync<RetellPhoneNumber>(HttpMethod.Patch, $"update-phone-number/{number}", changes, ct);
    public Task DeletePhoneNumberAsync(string number, CancellationToken ct) => SendAsync<object>(HttpMethod.Delete, $"delete-phone-number/{number}", null, ct);

    /// <summary>Never retried (a POST): on a timeout the caller reconciles by the tasks' metadata instead.</summary>
    public Task<RetellBatchCall> CreateBatchCallAsync(RetellBatchCallRequest request, CancellationToken ct) =>
        SendAsync<RetellBatchCall>(HttpMethod.Post, "create-batch-call", request, ct);
    public Task<RetellCall> CreatePhoneCallAsync(RetellPhoneCallRequest request, CancellationToken ct) =>
        SendAsync<RetellCall>(HttpMethod.Post, "v2/create-phone-call", request, ct);
    public Task<RetellCall> GetCallAsync(string callId, CancellationToken ct) => SendAsync<RetellCall>(HttpMethod.Get, $"v2/get-call/{Esc(callId)}", null, ct);
    public Task<RetellList<RetellCall>> ListCallsAsync(RetellListCallsRequest request, CancellationToken ct) =>
        SendAsync<RetellList<RetellCall>>(HttpMethod.Post, "v3/list-calls", request, ct);

    /// <summary>Multipart exactly as Retell reads it: texts and URLs as one JSON field each, files repeated under one name.</summary>
    public Task<RetellKnowledgeBase> CreateKnowledgeBaseAsync(string name, IReadOnlyList<RetellText> texts, IReadOnlyList<string> urls,
        IReadOnlyList<RetellFile> files, CancellationToken ct)
    {
        var form = SourcesForm(texts, urls, files);
        form.Add(new StringContent(name), "knowledge_base_name");
        return SendAsync<RetellKnowledgeBase>(HttpMethod.Post, "create-knowledge-base", form, ct);
    }

    public Task<RetellKnowledgeBase> AddKnowledgeBaseSourcesAsync(string id, IReadOnlyList<RetellText> texts, IReadOnlyList<string> urls,
        IReadOnlyList<RetellFile> files, CancellationToken ct) =>
        SendAsync<RetellKnowledgeBase>(HttpMethod.Post, $"add-knowledge-base-sources/{Esc(id)}", SourcesForm(texts, urls, files), ct);

    public Task<RetellKnowledgeBase> GetKnowledgeBaseAsync(string id, CancellationToken ct) =>
        SendAsync<RetellKnowledgeBase>(HttpMethod.Get, $"get-knowledge-base/{Esc(id)}", null, ct);
    public Task DeleteKnowledgeBaseAsync(string id, CancellationToken ct) => SendAsync<object>(HttpMethod.Delete, $"delete-knowledge-base/{Esc(id)}", null, ct);

    private static MultipartFormDataContent SourcesForm(IReadOnlyList<RetellText> texts, IReadOnlyList<string> urls, IReadOnlyList<RetellFile> files)
    {
        var form = new MultipartFormDataContent();
        if (texts.Count > 0) form.Add(new StringContent(JsonSerializer.Serialize(texts, Json)), "knowledge_base_texts");
        if (urls.Count > 0) form.Add(new StringContent(JsonSerializer.Serialize(urls, Json)), "knowledge_base_urls");
        foreach (var file in files)
        {
            var part = new StreamContent(file.Content);
            part.Headers.ContentType = new(file.ContentType);
            form.Add(part, "knowledge_base_files", file.FileName);
        }
        return form;
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is HttpContent content) request.Content = content;
        else if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode) throw await ErrorAsync(response, ct);
        if (response.StatusCode == System.Net.HttpStatusCode.NoContent || typeof(T) == typeof(object)) return default!;
        return await response.Content.ReadFromJsonAsync<T>(Json, ct)
            ?? throw new RetellApiException((int)response.StatusCode, "Retell answered with an empty body.");
    }

    private static async Task<RetellApiException> ErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        var message = text;
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String) message = m.GetString()!;
        }
        catch (JsonException) { } // e.g. an HTML 500 page
        return new RetellApiException((int)response.StatusCode, message.Length > 500 ? message[..500] : message);
    }

    private static string Esc(string id) => Uri.EscapeDataString(id);

    private static string Key(string? paginationKey) => paginationKey is null ? "" : "&pagination_key=" + Uri.EscapeDataString(paginationKey);
}

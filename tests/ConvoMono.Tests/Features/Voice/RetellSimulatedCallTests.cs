using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using ConvoMono.Features.VoiceWebhooks;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Voice;
using ConvoMono.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConvoMono.Tests.Features.Voice;

/// <summary>Simulated calls end to end: a batch call through the typed client, the simulator plays it at high speed and
/// delivers signed webhooks into the platform's own inbox.</summary>
public sealed class RetellSimulatedCallTests
{
    [Fact]
    public async Task A_batch_call_plays_out_and_every_step_arrives_signed_in_the_inbox()
    {
        await using var app = new KestrelApp(("Simulator:Speed", "200"),
            ("Simulator:OutcomeRules:0001", "answered"), ("Simulator:OutcomeRules:0002", "no_answer"), ("Simulator:OutcomeRules:0003", "voicemail"));
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl + "/simulator/retell/") };
        http.DefaultRequestHeaders.Authorization = new("Bearer", RetellOptions.SimulatorDefaultKey);
        var client = app.Services.GetRequiredService<RetellClient>();

        var llm = await client.CreateLlmAsync(new RetellLlmRequest { GeneralPrompt = "Offer a check-up.", BeginMessage = "Hi {{first_name}}, this is Bright Dental." }, default);
        var agent = await client.CreateAgentAsync(new RetellAgentRequest
        {
            ResponseEngine = new RetellResponseEngine { LlmId = llm.LlmId }, VoiceId = "retell-Cimo", MaxCallDurationMs = 120_000,
            WebhookUrl = app.BaseUrl + "/webhooks/retell",
        }, default);
        var number = await client.CreatePhoneNumberAsync(new RetellPhoneNumberRequest { AreaCode = 415 }, default);
        await http.PatchAsync($"update-phone-number/{number.PhoneNumber}", JsonContent(new JsonObject
        {
            ["outbound_agents"] = new JsonArray(new JsonObject { ["agent_id"] = agent.AgentId, ["weight"] = 1 }),
        }));

        var batch = await http.PostAsync("create-batch-call", JsonContent(new JsonObject
        {
            ["from_number"] = number.PhoneNumber, ["name"] = "wave 1",
            ["tasks"] = new JsonArray(
                Task("+14155550001", "lead-1", "Ana"), Task("+14155550002", "lead-2", "Ben"), Task("+14155550003", "lead-3", "Cy")),
        }));
        Assert.Equal(201, (int)batch.StatusCode);
        var batchId = JsonDocument.Parse(await batch.Content.ReadAsStringAsync()).RootElement.GetProperty("batch_call_id").GetString();

        // 200× speed: the longest path (voicemail ring 15 s + up to 40 s talk + analysis) takes well under a second of real time.
        var events = await WaitForAsync(app, e => e.Count(x => x.EventType == "call_analyzed") >= 3);
        // Delivery is concurrent, as Retell's is ("in order but not blocking"), so arrival order is not asserted.
        string[] Of(string lead) => events.Where(e => e.Payload.Contains($"\"lead_id\":\"{lead}\"")).Select(e => e.EventType).Order().ToArray();
        Assert.Equal(["call_analyzed", "call_ended", "call_started"], Of("lead-1"));
        Assert.Equal(["call_analyzed", "call_ended"], Of("lead-2"));
        Assert.Equal(["call_analyzed", "call_ended", "call_started"], Of("lead-3"));

        var answeredEnded = JsonDocument.Parse(events.Single(e => e.EventType == "call_ended" && e.Payload.Contains("lead-1")).Payload).RootElement.GetProperty("call");
        Assert.Equal("ended", answeredEnded.GetProperty("call_status").GetString());
        Assert.StartsWith("Agent: Hi Ana, this is Bright Dental.", answeredEnded.GetProperty("transcript").GetString());
        Assert.True(answeredEnded.GetProperty("call_cost").GetProperty("combined_cost").GetDecimal() > 0);
        Assert.False(answeredEnded.TryGetProperty("call_analysis", out _));
        var missed = JsonDocument.Parse(events.Single(e => e.EventType == "call_ended" && e.Payload.Contains("lead-2")).Payload).RootElement.GetProperty("call");
        Assert.Equal(("not_connected", "dial_no_answer"), (missed.GetProperty("call_status").GetString(), missed.GetProperty("disconnection_reason").GetString()));
        var voicemail = JsonDocument.Parse(events.Single(e => e.EventType == "call_analyzed" && e.Payload.Contains("lead-3")).Payload).RootElement.GetProperty("call");
        Assert.Equal("voicemail_reached", voicemail.GetProperty("disconnection_reason").GetString());
        Assert.True(voicemail.GetProperty("call_analysis").GetProperty("in_voicemail").GetBoolean());

        // The call list finds the batch's calls by our metadata, without transcripts; get-call has everything.
        var list = await http.PostAsync("v3/list-calls", JsonContent(new JsonObject
        {
            ["filter_criteria"] = new JsonObject
            {
                ["batch_call_id"] = new JsonObject { ["type"] = "string", ["op"] = "eq", ["value"] = batchId },
                ["metadata"] = new JsonArray(new JsonObject { ["type"] = "string", ["op"] = "eq", ["key"] = "lead_id", ["value"] = "lead-1" }),
            },
        }));
        var item = Assert.Single(JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.GetProperty("items").EnumerateArray());
        Assert.False(item.TryGetProperty("transcript", out _));
        var full = JsonDocument.Parse(await http.GetStringAsync("v2/get-call/" + item.GetProperty("call_id").GetString())).RootElement;
        Assert.True(full.TryGetProperty("transcript", out _));
        Assert.Equal("campaign-9", full.GetProperty("metadata").GetProperty("campaign_id").GetString());
    }

    [Fact]
    public async Task The_typed_client_places_a_batch_reads_calls_with_cost_and_analysis_and_builds_a_knowledge_base()
    {
        await using var app = new KestrelApp(("Simulator:Speed", "500"), ("Simulator:OutcomeRules:0001", "answered"));
        var client = app.Services.GetRequiredService<RetellClient>();
        var llm = await client.CreateLlmAsync(new RetellLlmRequest { BeginMessage = "Hello {{first_name}}" }, default);
        var agent = await client.CreateAgentAsync(new RetellAgentRequest { ResponseEngine = new RetellResponseEngine { LlmId = llm.LlmId }, VoiceId = "11labs-Anna" }, default);
        var number = await client.CreatePhoneNumberAsync(new RetellPhoneNumberRequest { AreaCode = 303 }, default);

        var batch = await client.CreateBatchCallAsync(new RetellBatchCallRequest
        {
            FromNumber = number.PhoneNumber, Name = "typed",
            Tasks = [new RetellBatchTask
            {
                ToNumber = "+13035550001", OverrideAgentId = agent.AgentId,
                RetellLlmDynamicVariables = new Dictionary<string, string> { ["first_name"] = "Dee" },
                Metadata = new JsonObject { ["lead_id"] = "typed-1" },
            }],
        }, default);
        Assert.Equal(1, batch.TotalTaskCount);

        RetellCall? call = null;
        var deadline = DateTime.UtcNow.AddSeconds(30); // generous: a loaded CI machine slows the simulator's clock ticks
        while (call?.CallAnalysis is null && DateTime.UtcNow < deadline)
        {
            await System.Threading.Tasks.Task.Delay(50);
            var page = await client.ListCallsAsync(new RetellListCallsRequest
            {
                FilterCriteria = new JsonObject
                {
                    ["metadata"] = new JsonArray(new JsonObject { ["type"] = "string", ["op"] = "eq", ["key"] = "lead_id", ["value"] = "typed-1" }),
                },
            }, default);
            call = await client.GetCallAsync(Assert.Single(page.Items).CallId, default);
        }
        Assert.NotNull(call!.CallAnalysis);
        Assert.Equal(("ended", "outbound"), (call.CallStatus, call.Direction!));
        Assert.StartsWith("Agent: Hello Dee", call.Transcript);
        Assert.Equal("typed-1", call.Metadata!.Value.GetProperty("lead_id").GetString());
        Assert.True(call.CallCost!.CombinedCost > 0);
        Assert.Equal(call.CallCost.CombinedCost, call.CallCost.ProductCosts.Sum(p => p.Cost));
        Assert.True(call.DurationMs > 0);

        var kb = await client.CreateKnowledgeBaseAsync("Clinic FAQ", [new RetellText("Hours", "Mon-Fri 9-5")], ["https://example.invalid/faq"],
            [new RetellFile("prices.txt", "text/plain", new MemoryStream("Cleaning: $80"u8.ToArray()))], default);
        Assert.Equal("in_progress", kb.Status);
        while (kb.Status != "complete" && DateTime.UtcNow < deadline.AddSeconds(30))
        {
            await System.Threading.Tasks.Task.Delay(20);
            kb = await client.GetKnowledgeBaseAsync(kb.KnowledgeBaseId, default);
        }
        Assert.Equal("complete", kb.Status);
        Assert.Equal(["text", "url", "document"], kb.KnowledgeBaseSources!.Select(s => s.Type));
        Assert.Equal("prices.txt", kb.KnowledgeBaseSources![2].Filename);
        var empty = await Assert.ThrowsAsync<RetellApiException>(() => client.CreateKnowledgeBaseAsync("Empty", [], [], [], default));
        Assert.Equal(400, empty.Status);
        await client.DeleteKnowledgeBaseAsync(kb.KnowledgeBaseId, default);
        Assert.True((await Assert.ThrowsAsync<RetellApiException>(() => client.GetKnowledgeBaseAsync(kb.KnowledgeBaseId, default))).IsNotFound);
    }

    private static JsonObject Task(string to, string lead, string name) => new()
    {
        ["to_number"] = to,
        ["retell_llm_dynamic_variables"] = new JsonObject { ["first_name"] = name },
        ["metadata"] = new JsonObject { ["campaign_id"] = "campaign-9", ["lead_id"] = lead, ["attempt"] = 1 },
    };

    private static StringContent JsonContent(JsonObject body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");

    private static async Task<List<WebhookEvent>> WaitForAsync(KestrelApp app, Func<List<WebhookEvent>, bool> done)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            var events = await db.WebhookEvents.AsNoTracking().ToListAsync();
            if (done(events)) return events;
            if (DateTime.UtcNow > until) throw new Xunit.Sdk.XunitException($"Webhooks did not arrive: {string.Join(", ", events.Select(e => e.EventType))}");
            await System.Threading.Tasks.Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_webhook_the_receiver_fails_is_retried_up_to_three_times_each_signed_afresh()
    {
        // A receiver of our own: call_ended fails twice then succeeds; call_analyzed always fails.
        var hits = new System.Collections.Concurrent.ConcurrentQueue<(string Event, string Signature)>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var receiver = builder.Build();
        receiver.MapPost("/hook", async (HttpRequest request) =>
        {
            var body = await new StreamReader(request.Body).ReadToEndAsync();
            var type = JsonDocument.Parse(body).RootElement.GetProperty("event").GetString()!;
            hits.Enqueue((type, request.Headers["x-retell-signature"].ToString()));
            return type == "call_analyzed" || hits.Count(h => h.Event == type) <= 2 ? Results.StatusCode(500) : Results.NoContent();
        });
        await receiver.StartAsync();
        var hook = receiver.Urls.First() + "/hook";

        await using var app = new KestrelApp(("Simulator:Speed", "200"), ("Simulator:OutcomeRules:0001", "busy"));
        var client = app.Services.GetRequiredService<RetellClient>();
        var llm = await client.CreateLlmAsync(new RetellLlmRequest { BeginMessage = "Hi" }, default);
        var agent = await client.CreateAgentAsync(new RetellAgentRequest
        {
            ResponseEngine = new RetellResponseEngine { LlmId = llm.LlmId }, VoiceId = "retell-Cimo", WebhookUrl = hook,
        }, default);
        var number = await client.CreatePhoneNumberAsync(new RetellPhoneNumberRequest { AreaCode = 415 }, default);
        await client.CreateBatchCallAsync(new RetellBatchCallRequest
        {
            FromNumber = number.PhoneNumber, Tasks = [new RetellBatchTask { ToNumber = "+14155550001", OverrideAgentId = agent.AgentId }],
        }, default);

        // Retries back off 250, 500, 750 ms: everything is over within a few seconds of real time.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (hits.Count(h => h.Event == "call_analyzed") < 4 && DateTime.UtcNow < deadline) await System.Threading.Tasks.Task.Delay(50);
        await System.Threading.Tasks.Task.Delay(2_000); // nothing more may come

        var ended = hits.Where(h => h.Event == "call_ended").ToList();
        var analyzed = hits.Where(h => h.Event == "call_analyzed").ToList();
        Assert.Equal(3, ended.Count);    // two failures, then delivered: no further attempt
        Assert.Equal(4, analyzed.Count); // the first attempt and three retries, then given up
        Assert.All(hits, h => Assert.Matches("^v=\\d+,d=[0-9a-f]{64}$", h.Signature));
        Assert.Equal(ended.Count, ended.Select(h => h.Signature).Distinct().Count()); // a fresh timestamp on every attempt
    }
}

using System.Text.Json.Nodes;
using ConvoMono.Infrastructure.Voice;
using ConvoMono.Simulators.Retell;
using ConvoMono.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConvoMono.Tests.Features.Voice;

/// <summary>The typed Retell client against the simulator over real HTTP.</summary>
public sealed class RetellClientTests : IAsyncLifetime
{
    private KestrelApp _app = default!;
    private RetellClient Client => _app.Services.GetRequiredService<RetellClient>();
    private RetellSimulatorState Simulator => _app.Services.GetRequiredService<RetellSimulatorState>();

    public ValueTask InitializeAsync()
    {
        _app = new KestrelApp();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Llm_and_agent_round_trip_with_every_field_the_platform_sends()
    {
        var llm = await Client.CreateLlmAsync(new RetellLlmRequest
        {
            GeneralPrompt = "Call {{first_name}}.", BeginMessage = "Hi {{first_name}}", ModelTemperature = 0.2,
            DefaultDynamicVariables = new Dictionary<string, string> { ["first_name"] = "there" },
        }, default);
        Assert.StartsWith("llm_", llm.LlmId);
        Assert.Equal("gpt-4.1", llm.Model);
        Assert.Equal("Hi there!", (await Client.UpdateLlmAsync(llm.LlmId, new RetellLlmRequest { BeginMessage = "Hi there!" }, default)).BeginMessage);
        Assert.Equal("Call {{first_name}}.", (await Client.GetLlmAsync(llm.LlmId, default)).GeneralPrompt);

        var voices = await Client.ListVoicesAsync(default);
        var agent = await Client.CreateAgentAsync(new RetellAgentRequest
        {
            ResponseEngine = new RetellResponseEngine { LlmId = llm.LlmId }, VoiceId = voices[0].VoiceId, AgentName = "Campaign 1",
            MaxCallDurationMs = 300_000, WebhookUrl = "http://localhost/webhooks/retell", VoiceSpeed = 1.1, EnableBackchannel = true,
            VoicemailOption = new JsonObject { ["action"] = new JsonObject { ["type"] = "hangup" } },
            PostCallAnalysisData = [new JsonObject { ["type"] = "boolean", ["name"] = "converted", ["description"] = "Booked?" }],
        }, default);
        var fetched = await Client.GetAgentAsync(agent.AgentId, default);
        Assert.Equal((llm.LlmId, 300_000, "http://localhost/webhooks/retell"), (fetched.ResponseEngine!.LlmId, fetched.MaxCallDurationMs!.Value, fetched.WebhookUrl!));
        Assert.True(fetched.Extra!.ContainsKey("post_call_analysis_data")); // unmodelled fields survive
        Assert.Equal("Campaign 2", (await Client.UpdateAgentAsync(agent.AgentId, new RetellAgentRequest { AgentName = "Campaign 2" }, default)).AgentName);
        Assert.Contains((await Client.ListAgentsAsync(100, null, default)).Items, a => a.AgentId == agent.AgentId && a.AgentName == "Campaign 2");
        Assert.Single((await Client.ListLlmsAsync(100, null, default)).Items, l => l.LlmId == llm.LlmId);

        await Client.DeleteAgentAsync(agent.AgentId, default);
        var gone = await Assert.ThrowsAsync<RetellApiException>(() => Client.GetAgentAsync(agent.AgentId, default));
        Assert.True(gone.IsNotFound);
        Assert.Equal("Cannot find requested asset under given api key.", gone.RetellMessage);
        await Client.DeleteLlmAsync(llm.LlmId, default);
    }

    [Fact]
    public async Task Numbers_concurrency_and_lists_parse()
    {
        var bought = await Client.CreatePhoneNumberAsync(new RetellPhoneNumberRequest { AreaCode = 646, Nickname = "NYC" }, default);
        Assert.Matches("^\\+1646555\\d{4}$", bought.PhoneNumber);
        var imported = await Client.ImportPhoneNumberAsync(new RetellImportPhoneNumberRequest
        {
            PhoneNumber = "+14155550142", TerminationUri = "acme.pstn.twilio.com", SipTrunkAuthUsername = "u", SipTrunkAuthPassword = "p",
        }, default);
        Assert.Equal("custom", imported.PhoneNumberType);
        Assert.Equal("NYC", (await Client.GetPhoneNumberAsync(bought.PhoneNumber, default)).Nickname);
        Assert.Equal("NYC 2", (await Client.UpdatePhoneNumberAsync(bought.PhoneNumber, new JsonObject { ["nickname"] = "NYC 2" }, default)).Nickname);
        var page = await Client.ListPhoneNumbersAsync(1, null, default);
        Assert.Equal(2, (await Client.ListPhoneNumbersAsync(100, null, default)).Items.Count);
        Assert.Single(page.Items);
        Assert.True(page.HasMore);
        var next = await Client.ListPhoneNumbersAsync(1, page.PaginationKey, default);
        Assert.NotEqual(page.Items[0].PhoneNumber, next.Items[0].PhoneNumber);
        Assert.Equal(20, (await Client.GetConcurrencyAsync(default)).ConcurrencyLimit);
        await Client.DeletePhoneNumberAsync(imported.PhoneNumber, default);
    }

    [Fact]
    public async Task A_get_is_retried_through_server_errors_but_a_create_is_never_repeated()
    {
        Simulator.FailNext(2, 500);
        var before = Simulator.Requests;
        Assert.NotEmpty(await Client.ListVoicesAsync(default)); // two 500s, then the answer
        Assert.Equal(3, Simulator.Requests - before);

        var number = await Client.CreatePhoneNumberAsync(new RetellPhoneNumberRequest { AreaCode = 415 }, default);
        Simulator.FailNext(1, 503);
        before = Simulator.Requests;
        var error = await Assert.ThrowsAsync<RetellApiException>(() => Client.CreateBatchCallAsync(new RetellBatchCallRequest
        {
            FromNumber = number.PhoneNumber, Tasks = [new RetellBatchTask { ToNumber = "+14155550100" }],
        }, default));
        Assert.Equal(503, error.Status);
        Assert.Equal(1, Simulator.Requests - before); // a create-batch-call is never sent twice
        Assert.Empty(Simulator.Calls);

        Simulator.FailNext(3, 429);
        var limited = await Assert.ThrowsAsync<RetellApiException>(() => Client.GetConcurrencyAsync(default)); // 3 attempts, all throttled
        Assert.Equal(429, limited.Status);
    }
}

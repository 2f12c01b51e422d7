using System.Text.Json;
using ConvoMono.Infrastructure.Voice;
using ConvoMono.Tests.Support;

namespace ConvoMono.Tests.Features.Voice;

/// <summary>The official retell-sdk, pointed at the built-in simulator, gets the answers the real API gives.</summary>
public sealed class RetellSimulatorConformanceTests
{
    [Fact]
    public async Task The_official_sdk_creates_reads_updates_lists_and_deletes_against_the_simulator()
    {
        await using var app = new KestrelApp();
        var report = JsonDocument.Parse(await RetellSdk.ConformanceAsync(app.BaseUrl + "/simulator/retell", RetellOptions.SimulatorDefaultKey)).RootElement;

        Assert.StartsWith("llm_", report.GetProperty("llm").GetProperty("id").GetString());
        Assert.Equal(0, report.GetProperty("llm").GetProperty("version").GetInt32());
        Assert.Equal("Hi {{first_name}}!", report.GetProperty("llm").GetProperty("begin_message").GetString());
        Assert.Equal("Hello {{first_name}}!", report.GetProperty("llmUpdated").GetString());
        Assert.True(report.GetProperty("llmListed").GetBoolean());
        Assert.True(report.GetProperty("voices").GetInt32() >= 5);

        var agent = report.GetProperty("agent");
        Assert.StartsWith("agent_", agent.GetProperty("id").GetString());
        Assert.Equal("SDK conformance", agent.GetProperty("name").GetString());
        Assert.Equal(report.GetProperty("llm").GetProperty("id").GetString(), agent.GetProperty("llm").GetString());
        Assert.Equal(300000, agent.GetProperty("max").GetInt32());
        Assert.Equal(1.2, report.GetProperty("agentUpdated").GetDouble());
        Assert.True(report.GetProperty("agentsListed").GetBoolean());

        var number = report.GetProperty("number");
        Assert.Matches("^\\+1212555\\d{4}$", number.GetProperty("phone_number").GetString());
        Assert.Equal("retell-twilio", number.GetProperty("type").GetString());
        Assert.Equal(number.GetProperty("phone_number").GetString(), number.GetProperty("fetched").GetString());
        Assert.Equal(20, report.GetProperty("concurrency").GetInt32());

        Assert.Equal("UnprocessableEntityError:422", report.GetProperty("unknownId").GetString());
        Assert.Equal("AuthenticationError:401", report.GetProperty("wrongKey").GetString());
        Assert.Equal("422", report.GetProperty("deleted").GetString());

        Assert.StartsWith("batch_call_", report.GetProperty("batch").GetProperty("id").GetString());
        Assert.Equal(1, report.GetProperty("batch").GetProperty("tasks").GetInt32());
        Assert.Equal(1, report.GetProperty("calls").GetInt32());
        var call = report.GetProperty("call");
        Assert.Equal(("phone_call", "+14155550123", "l1", "outbound"),
            (call.GetProperty("type").GetString(), call.GetProperty("to").GetString(), call.GetProperty("lead").GetString(), call.GetProperty("direction").GetString()));
        Assert.Equal("registered", report.GetProperty("single").GetString());
        // list-calls filters as the SDK sends them select the calls they name; an unknown filter is refused, not ignored.
        var filtered = report.GetProperty("filtered");
        Assert.Equal("+14155550123", filtered.GetProperty("metadata").GetString());
        Assert.Equal("+14155550124", filtered.GetProperty("toNumber").GetString());
        Assert.Equal("+14155550123,+14155550124", filtered.GetProperty("agent").GetString());
        Assert.Equal("", filtered.GetProperty("webCalls").GetString());
        Assert.Equal("BadRequestError:400", report.GetProperty("unknownFilter").GetString());

        var kb = report.GetProperty("kb");
        Assert.Equal(("in_progress", "complete", "text,url,document"),
            (kb.GetProperty("first").GetString(), kb.GetProperty("last").GetString(), kb.GetProperty("sources").GetString()));
    }
}

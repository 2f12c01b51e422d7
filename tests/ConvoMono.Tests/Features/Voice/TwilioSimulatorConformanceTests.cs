using System.Text.Json;
using ConvoMono.Infrastructure.Twilio;
using ConvoMono.Tests.Support;

namespace ConvoMono.Tests.Features.Voice;

/// <summary>The official twilio helper (npm), pointed at the built-in Twilio simulator, gets Twilio's answers.</summary>
public sealed class TwilioSimulatorConformanceTests
{
    [Fact]
    public async Task The_official_twilio_helper_searches_buys_lists_fetches_and_releases_against_the_simulator()
    {
        await using var app = new KestrelApp();
        var report = JsonDocument.Parse(await RetellSdk.TwilioConformanceAsync(app.BaseUrl + "/simulator/twilio",
            TwilioOptions.SimulatorAccountSid, TwilioOptions.SimulatorAuthToken)).RootElement;

        var local = report.GetProperty("local").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(3, local.Count);
        Assert.All(local, n => Assert.StartsWith("+1305", n));
        Assert.All(report.GetProperty("tollFree").EnumerateArray(), n => Assert.StartsWith("+1888", n.GetString()));
        var bought = report.GetProperty("bought");
        Assert.StartsWith("PN", bought.GetProperty("sid").GetString());
        Assert.Equal((local[0], "SDK line", true),
            (bought.GetProperty("number").GetString()!, bought.GetProperty("name").GetString()!, bought.GetProperty("voice").GetBoolean()));
        Assert.Equal(bought.GetProperty("sid").GetString(), Assert.Single(report.GetProperty("listed").EnumerateArray()).GetString());
        Assert.Equal(local[0], report.GetProperty("fetched").GetString());
        Assert.Equal("400:21422", report.GetProperty("taken").GetString());
        Assert.Equal("404:20404", report.GetProperty("released").GetString());
        Assert.Equal("401:20003", report.GetProperty("wrongToken").GetString());
    }
}

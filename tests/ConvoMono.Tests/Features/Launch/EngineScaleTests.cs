using ConvoMono.Features.Campaigns;
using ConvoMono.Tests.Support;

namespace ConvoMono.Tests.Features.Launch;

/// <summary>Two app instances on one database run one campaign of 2,000 leads against one Retell workspace.</summary>
public sealed class EngineScaleTests(TestApps apps)
{
    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Two_instances_run_one_campaign_without_sending_a_lead_attempt_twice_or_settling_a_call_twice(Db db)
    {
        await using var host = await EngineHost.StartAsync(await apps.GetAsync(db), EngineTests.Monday18Utc, settings: new Dictionary<string, string>
        {
            ["Simulator:Faults:WebhookDuplicateRate"] = "0.2", ["Simulator:Faults:WebhookReorderRate"] = "0.1",
        });
        await using var second = host.SecondInstance();
        var csv = "phone\n" + string.Concat(Enumerable.Range(0, 2000).Select(i => $"(201) 555-{i / 10:0000}\n".Replace("555-", $"55{i % 10}-")));
        var (tenant, campaign) = await host.LaunchableAsync(csv, minutes: 50_000, settings: new
        {
            name = "Two instances", general_prompt = "Hello", concurrency = 100, max_call_duration_seconds = 300,
            calling_window = new { start = "08:00", end = "21:00", days = CampaignRules.Weekdays },
            retry = new { max_attempts = 2, delay_minutes = 1, on = new[] { "no_answer", "busy" } },
        });
        using var _ = tenant;
        await (await tenant.Owner.PostJsonAsync($"/api/v1/campaigns/{campaign.Id}/launch", new { })).ReadAsync<CampaignDto>();
        Assert.Equal(CampaignStatus.Completed, (await host.RunToEndAsync(tenant.Id, campaign.Id, TimeSpan.FromSeconds(20), maxRounds: 300)).Status);

        var calls = await EngineFaultTests.AssertExactAsync(host, tenant.Id, campaign.Id, 50_000);
        Assert.True(calls.Count >= 2000, $"{calls.Count} calls");
        // What Retell saw: one call per lead attempt, and exactly the calls we recorded.
        var placed = host.SimulatorState.Calls.Values.Where(c => c.Call["metadata"]?["campaign_id"]?.ToString() == campaign.Id.ToString())
            .Select(c => (Lead: c.Call["metadata"]!["lead_id"]!.ToString(), Attempt: c.Call["metadata"]!["attempt"]!.ToString())).ToList();
        Assert.Equal(placed.Count, placed.Distinct().Count());
        Assert.Equal(calls.Count, placed.Count);
    }
}

using System.Diagnostics;
using ConvoMono.Features.Campaigns;
using ConvoMono.Simulators.Retell;
using ConvoMono.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConvoMono.Tests.Features.Launch;

/// <summary>The fault soak of issue #10: a 5,000-lead campaign on the simulator with every fault on at once (10% API 5xx,
/// 5% 429, 20% duplicated, 10% reordered, 5% dropped and all webhooks delayed). Afterwards every lead is final, every call
/// ended with its Retell cost (the dropped ones through the reconciler), no call billed twice, nothing held, and balance =
/// granted − billed (<see cref="EngineFaultTests.AssertExactAsync"/>).</summary>
public sealed class FaultSoakTests(TestApps apps)
{
    public const int Leads = 5_000;

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_5000_lead_campaign_under_every_fault_at_once_ends_with_exact_money(Db db)
    {
        // 09:00 in New York, 08:00 in Chicago: the whole calling day ahead, however slowly a loaded machine runs the rounds.
        await using var host = await EngineHost.StartAsync(await apps.GetAsync(db), new DateTimeOffset(2026, 11, 23, 14, 0, 0, TimeSpan.Zero), settings: new Dictionary<string, string>
        {
            ["Launch:StuckCallMarginSeconds"] = "60", ["Launch:AnalysisGraceSeconds"] = "30", ["Launch:DispatchGraceSeconds"] = "30",
        });
        var csv = "phone\n" + string.Concat(Enumerable.Range(0, Leads).Select(i => $"+1{(i % 2 == 0 ? "201" : "312")}{200 + i / 10_000}{i % 10_000:0000}\n"));
        var (tenant, campaign) = await host.LaunchableAsync(csv, minutes: 200_000, settings: new
        {
            name = "Soak", general_prompt = "Hello", concurrency = CampaignRules.MaxConcurrency, max_call_duration_seconds = 300,
            calling_window = new { start = "08:00", end = "21:00", days = CampaignRules.Weekdays },
            retry = new { max_attempts = 2, delay_minutes = 1, on = new[] { "no_answer", "busy", "failed" } },
        });
        using var _ = tenant;
        var clock = Stopwatch.StartNew();
        await (await tenant.Owner.PostJsonAsync($"/api/v1/campaigns/{campaign.Id}/launch", new { })).ReadAsync<CampaignDto>();

        // The faults go on once the campaign is set up (they read the options on every request and delivery).
        var faults = host.Services.GetRequiredService<IOptions<RetellSimulatorOptions>>().Value;
        (faults.ApiErrorRate, faults.ApiRateLimitRate) = (0.10, 0.05);
        (faults.WebhookDuplicateRate, faults.WebhookReorderRate, faults.WebhookDropRate, faults.WebhookDelayMs) = (0.20, 0.10, 0.05, 20);
        var status = CampaignStatus.Running;
        CampaignPauseReason? pauseReason = null;
        var resumes = 0;
        for (var round = 0; round < 2_000 && status is not (CampaignStatus.Completed or CampaignStatus.Cancelled); round++)
        {
            // A request that failed waits before its retry on the app's (fake) clock: while a round is stuck on one, time moves.
            var step = host.StepAsync(TimeSpan.FromSeconds(30), round);
            while (await Task.WhenAny(step, Task.Delay(500)) != step) host.Clock.Advance(TimeSpan.FromSeconds(1));
            await step;
            var now = await host.CampaignAsync(tenant.Id, campaign.Id);
            (status, pauseReason) = (now.Status, now.PauseReason);
            // Under sustained provider faults the engine pauses the campaign by design (failed waves in a row, or too many
            // failed calls); the operator resumes it, as here. The money must be exact either way.
            if (status == CampaignStatus.Paused && pauseReason is CampaignPauseReason.ProviderError or CampaignPauseReason.HighFailureRate && resumes < 20)
            {
                resumes++;
                await (await tenant.Owner.PostJsonAsync($"/api/v1/campaigns/{campaign.Id}/resume", new { })).ReadAsync<CampaignDto>();
                status = CampaignStatus.Running;
            }
        }
        (faults.ApiErrorRate, faults.ApiRateLimitRate, faults.WebhookDropRate) = (0, 0, 0);
        Assert.True(status == CampaignStatus.Completed, $"{status} ({pauseReason})");
        var calls = await EngineFaultTests.AssertExactAsync(host, tenant.Id, campaign.Id, 200_000);
        Assert.True(calls.Count >= Leads, $"{calls.Count} calls for {Leads} leads");
        var state = host.SimulatorState;
        var figures = $"fault soak on {db}: {Leads:N0} leads, {calls.Count:N0} calls ({calls.Count(c => c.BilledSeconds > 0):N0} billed), "
            + $"{calls.Count(c => c.Status == ConvoMono.Features.Calls.CallStatus.Analyzed):N0} analyzed, {state.Requests:N0} API requests answered, "
            + $"{resumes} automatic pause(s) resumed, {clock.Elapsed.TotalSeconds:N0} s";
        // Kept for docs/RELIABILITY.md (artifacts/ is not committed).
        var dir = Directory.CreateDirectory(Path.Combine(RepoPaths.Root, "artifacts", "reliability")).FullName;
        await File.WriteAllTextAsync(Path.Combine(dir, $"fault-soak-{db}.txt"), figures + "\n");
    }
}

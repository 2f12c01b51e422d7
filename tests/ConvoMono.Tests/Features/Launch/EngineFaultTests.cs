using ConvoMono.Features.Calls;
using ConvoMono.Features.Campaigns;
using ConvoMono.Features.Credits;
using ConvoMono.Features.Leads;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConvoMono.Tests.Features.Launch;

/// <summary>The engine under Retell's faults: duplicated, reordered and lost webhooks, refused and lost waves.</summary>
public sealed class EngineFaultTests(TestApps apps)
{
    private static string Leads(int count, int from = 400) =>
        "phone\n" + string.Concat(Enumerable.Range(0, count).Select(i => $"(201) 555-{from + i:0000}\n"));

    private static readonly object Campaign = new
    {
        name = "Faults", general_prompt = "Hello", concurrency = 20, max_call_duration_seconds = 300,
        calling_window = new { start = "08:00", end = "21:00", days = CampaignRules.Weekdays },
        retry = new { max_attempts = 2, delay_minutes = 1, on = new[] { "no_answer", "busy", "failed" } },
    };

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Duplicated_and_reordered_webhooks_bill_every_call_exactly_once(Db db)
    {
        await using var host = await EngineHost.StartAsync(await apps.GetAsync(db), EngineTests.Monday18Utc, settings: new Dictionary<string, string>
        {
            ["Simulator:Faults:WebhookDuplicateRate"] = "0.2", ["Simulator:Faults:WebhookReorderRate"] = "0.1",
        });
        var (tenant, campaign) = await host.LaunchableAsync(Leads(60), minutes: 2000, settings: Campaign);
        using var _ = tenant;
        await (await tenant.Owner.PostJsonAsync($"/api/v1/campaigns/{campaign.Id}/launch", new { })).ReadAsync<CampaignDto>();
        Assert.Equal(CampaignStatus.Completed, (await host.RunToEndAsync(tenant.Id, campaign.Id, TimeSpan.FromSeconds(20))).Status);
        var calls = await AssertExactAsync(host, tenant.Id, campaign.Id, 2000);
        // A late call_started never re-decides an ended call: every outcome matches how the call ended.
        Assert.All(calls, c => Assert.Equal(c.DisconnectionReason == "dial_failed", c.Outcome == CallOutcome.Failed));
        Assert.All(calls, c => Assert.Equal(c.DisconnectionReason == "voicemail_reached", c.Outcome == CallOutcome.Voicemail));
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task With_every_webhook_lost_the_reconciler_finishes_the_campaign_from_Retells_records(Db db)
    {
        await using var host = await EngineHost.StartAsync(await apps.GetAsync(db), EngineTests.Monday18Utc, settings: new Dictionary<string, string>
        {
            ["Simulator:Faults:WebhookDropRate"] = "1", ["Launch:StuckCallMarginSeconds"] = "60", ["Launch:AnalysisGraceSeconds"] = "30",
        });
        var (tenant, campaign) = await host.LaunchableAsync(Leads(15, 500), minutes: 2000, settings: Campaign);
        using var _ = tenant;
        await (await tenant.Owner.PostJsonAsync($"/api/v1/campaigns/{campaign.Id}/launch", new { })).ReadAsync<CampaignDto>();
        Assert.Equal(CampaignStatus.Completed, (await host.RunToEndAsync(tenant.Id, campaign.Id, TimeSpan.FromSeconds(30))).Status);
        var calls = await AssertExactAsync(host, tenant.Id, campaign.Id, 2000);
        Assert.All(calls, c => Assert.Equal(CallStatus.Analyzed, c.Status));
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_refused_wave_is_voided_and_a_lost_one_adopted_so_no_lead_is_called_twice(Db db)
    {
        await using var host = await EngineHost.StartAsync(await apps.GetAsync(db), EngineTests.Monday18Utc, settings: new Dictionary<string, string>
        {
            ["Launch:DispatchGraceSeconds"] = "30", ["Simulator:OutcomeRules:0"] = "converted", // numbers end in 0: one attempt each
        });
        var (tenant, campaign) = await host.LaunchableAsync("phone\n(201) 555-0600\n(201) 555-0610\n(201) 555-0620\n", minutes: 100, settings: Campaign);
        using var _ = tenant;
        await (await tenant.Owner.PostJsonAsync($"/api/v1/campaigns/{campaign.Id}/launch", new { })).ReadAsync<CampaignDto>();
        var tenants = host.Services.GetRequiredService<TenantDbFactory>();

        // Refused (422): nothing was created, the attempt is taken back at once.
        host.SimulatorState.FailRequestsContaining("create-batch-call", 1, 422);
        await host.Dispatcher.RunOnceAsync(default);
        await using (var ctx = tenants.For(tenant.Id))
        {
            Assert.Equal(0, await ctx.Calls.CountAsync(c => c.CampaignId == campaign.Id));
            Assert.All(await ctx.Leads.Where(l => l.CampaignId == campaign.Id).ToListAsync(), l => Assert.Equal((LeadStatus.Pending, 0), (l.Status, l.Attempts)));
            Assert.Equal(360, (await LedgerProbe.AssertConsistentAsync(host.Parent, tenant.Id)).RowHeld); // only the reservation (3 × 120 s)
        }

        // Lost (the calls were placed, the answer never came): the wave stays unconfirmed, then is found by its metadata.
        host.Clock.Advance(TimeSpan.FromMinutes(1)); // past the refusal's back-off
        host.SimulatorState.LoseResponsesContaining("create-batch-call");
        await host.Dispatcher.RunOnceAsync(default);
        await using (var ctx = tenants.For(tenant.Id))
            Assert.All(await ctx.Calls.Where(c => c.CampaignId == campaign.Id).ToListAsync(), c => Assert.Equal(CallStatus.Dispatching, c.Status));
        Assert.Equal(3, host.SimulatorState.Calls.Values.Count(c => c.Call["metadata"]?["campaign_id"]?.ToString() == campaign.Id.ToString()));

        Assert.Equal(CampaignStatus.Completed, (await host.RunToEndAsync(tenant.Id, campaign.Id, TimeSpan.FromSeconds(20))).Status);
        var calls = await AssertExactAsync(host, tenant.Id, campaign.Id, 100);
        Assert.Equal(3, calls.Count);
        Assert.Equal(3, host.SimulatorState.Calls.Values.Count(c => c.Call["metadata"]?["campaign_id"]?.ToString() == campaign.Id.ToString()));
        Assert.All(calls, c => Assert.Equal((1, CallOutcome.Converted), (c.Attempt, c.Outcome!.Value)));
    }

    /// <summary>Every lead final, every call ended with its Retell cost, one consume per billed call, nothing held, and
    /// balance = granted − billed.</summary>
    internal static async Task<List<Call>> AssertExactAsync(EngineHost host, Guid tenantId, Guid campaignId, int grantedMinutes)
    {
        await using var ctx = host.Services.GetRequiredService<TenantDbFactory>().For(tenantId);
        Assert.All(await ctx.Leads.AsNoTracking().Where(l => l.CampaignId == campaignId).ToListAsync(), l => Assert.True(Lead.IsFinal(l.Status), $"{l.PhoneNumber} {l.Status}"));
        var calls = await ctx.Calls.AsNoTracking().Where(c => c.CampaignId == campaignId).ToListAsync();
        Assert.All(calls, c => Assert.True(c.Status >= CallStatus.Ended && c.BilledSeconds is not null && c.RetellCost is not null, $"{c.Id} {c.Status}"));
        Assert.Equal(calls.Count, calls.Select(c => (c.LeadId, c.Attempt)).Distinct().Count());
        var consumes = await ctx.CreditEntries.AsNoTracking().Where(e => e.Kind == CreditEntryKind.Consume && e.CampaignId == campaignId).ToListAsync();
        Assert.Equal(calls.Count(c => c.BilledSeconds > 0), consumes.Count);
        Assert.Equal(consumes.Count, consumes.Select(e => e.RetellCallId).Distinct().Count());
        Assert.Equal(calls.Sum(c => c.BilledSeconds!.Value), -consumes.Sum(e => e.Seconds));
        var totals = await LedgerProbe.AssertConsistentAsync(host.Parent, tenantId);
        Assert.Equal(0, totals.RowHeld);
        Assert.Equal(grantedMinutes * 60L - calls.Sum(c => c.BilledSeconds!.Value), totals.RowBalance);
        await AssertRollupExactAsync(host, tenantId);
        return calls;
    }

    /// <summary>The daily rollup the reports read equals a fresh sum over the calls, row by row, column by column.</summary>
    internal static async Task AssertRollupExactAsync(EngineHost host, Guid tenantId)
    {
        await using var platform = host.Services.GetRequiredService<TenantDbFactory>().Platform();
        var stored = await CallStatsRollup.StoredAsync(platform, tenantId, default);
        var fresh = await CallStatsRollup.FromCallsAsync(platform, tenantId, default);
        Assert.NotEmpty(fresh);
        Assert.Equal(fresh.Keys.Order(), stored.Keys.Order());
        foreach (var (key, sum) in fresh)
            Assert.True(sum.Values.SequenceEqual(stored[key].Values),
                $"{key}: rollup [{string.Join(", ", stored[key].Values)}], calls [{string.Join(", ", sum.Values)}] ({string.Join(", ", CallStatsDelta.Columns)})");
    }
}

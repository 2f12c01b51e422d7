using ConvoMono.Features.Calls;
using ConvoMono.Features.Campaigns;
using ConvoMono.Features.Credits;
using ConvoMono.Features.DoNotCall;
using ConvoMono.Features.Leads;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConvoMono.Tests.Features.Launch;

/// <summary>The engine end to end on the simulator: launch, waves, webhooks, settlement, retries, completion.</summary>
public sealed class EngineTests(TestApps apps)
{
    // Monday 18:00 UTC: 13:00 in New York, 12:00 in Chicago, 11:00 in Denver, 10:00 in Los Angeles, 18:00 in London.
    public static readonly DateTimeOffset Monday18Utc = new(2026, 11, 23, 18, 0, 0, TimeSpan.Zero);

    public static readonly Dictionary<string, string> Outcomes = new()
    {
        ["Simulator:OutcomeRules:0111"] = "converted", ["Simulator:OutcomeRules:0112"] = "not_converted",
        ["Simulator:OutcomeRules:0113"] = "no_answer", ["Simulator:OutcomeRules:0114"] = "busy",
        ["Simulator:OutcomeRules:0115"] = "voicemail", ["Simulator:OutcomeRules:0116"] = "failed",
        ["Simulator:OutcomeRules:0117"] = "do_not_call", ["Simulator:OutcomeRules:0118"] = "converted",
    };

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_suspended_clients_running_campaign_places_no_calls_until_the_client_is_reactivated(Db db)
    {
        await using var host = await EngineHost.StartAsync(await apps.GetAsync(db), Monday18Utc, settings: Outcomes);
        var (tenant, campaign) = await host.LaunchableAsync("phone,first_name\n(201) 555-0111,Ann\n(201) 555-0112,Bob\n");
        using var _ = tenant;
        await (await tenant.Owner.PostJsonAsync($"/api/v1/campaigns/{campaign.Id}/launch", new { })).ReadAsync<CampaignDto>();
        using var admin = await host.AdminAsync();
        (await admin.PatchJsonAsync($"/api/v1/admin/clients/{tenant.Id}", new { status = "suspended" })).EnsureSuccessStatusCode();

        for (var round = 0; round < 3; round++) await host.StepAsync(TimeSpan.FromSeconds(30), round);
        await using (var ctx = host.Services.GetRequiredService<TenantDbFactory>().For(tenant.Id))
            Assert.Equal(0, await ctx.Calls.CountAsync(c => c.CampaignId == campaign.Id));
        Assert.Equal(0, host.SimulatorState.Calls.Values.Count(c => c.Call["metadata"]?["campaign_id"]?.ToString() == campaign.Id.ToString()));
        Assert.Equal(CampaignStatus.Running, (await host.CampaignAsync(tenant.Id, campaign.Id)).Status); // waiting, not changed

        (await admin.PatchJsonAsync($"/api/v1/admin/clients/{tenant.Id}", new { status = "active" })).EnsureSuccessStatusCode();
        Assert.Equal(CampaignStatus.Completed, (await host.RunToEndAsync(tenant.Id, campaign.Id, TimeSpan.FromSeconds(30))).Status);
        await using var after = host.Services.GetRequiredService<TenantDbFactory>().For(tenant.Id);
        Assert.Equal(2, await after.Calls.CountAsync(c => c.CampaignId == campaign.Id));
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_campaign_across_time_zones_calls_every_lead_retries_by_outcome_and_bills_exactly(Db db)
    {
        await using var host = await EngineHost.StartAsync(await apps.GetAsync(db), Monday18Utc, settings: Outcomes);
        var (tenant, campaign) = await host.LaunchableAsync(
            "phone,first_name\n(201) 555-0111,Ann\n(201) 555-0112,Bob\n(201) 555-0113,Cy\n(415) 555-0114,Di\n(415) 555-0115,Ed\n"
            + "(312) 555-0116,Flo\n(303) 555-0117,Gus\n+44 20 7946 0118,Hal\n");
        using var _ = tenant;

        var launched = await (await tenant.Owner.PostJsonAsync($"/api/v1/campaigns/{campaign.Id}/launch", new { })).ReadAsync<CampaignDto>();
        Assert.Equal(CampaignStatus.Running, launched.Status);
        var afterLaunch = await LedgerProbe.AssertConsistentAsync(host.Parent, tenant.Id);
        Assert.Equal(8 * 120, afterLaunch.RowHeld); // the reservation: 8 leads × the 120 s estimate
        await (await tenant.Owner.PostJsonAsync($"/api/v1/campaigns/{campaign.Id}/launch", new { })).ProblemAsync(409);

        await host.StepAsync(TimeSpan.FromSeconds(1), 0);
        await using (var ctx = host.Services.GetRequiredService<TenantDbFactory>().For(tenant.Id))
        {
            var first = await ctx.Calls.Where(c => c.CampaignId == campaign.Id).ToListAsync();
            Assert.Equal(8, first.Count); // one wave, within the concurrency of 10
            Assert.Equal(5, first.Select(c => c.WaveId).Distinct().Count()); // one batch per time zone
            Assert.True((await LedgerProbe.AssertConsistentAsync(host.Parent, tenant.Id)).RowHeld > 0);
        }

        var finished = await host.RunToEndAsync(tenant.Id, campaign.Id, TimeSpan.FromSeconds(30));
        // A campaign completes when its last call has ended; Retell's analysis of that call comes a little later.
        for (var round = 0; round < 3; round++) await host.StepAsync(TimeSpan.FromSeconds(30), round);
        Assert.Equal(CampaignStatus.Completed, finished.Status);

        await using var db2 = host.Services.GetRequiredService<TenantDbFactory>().For(tenant.Id);
        var leads = await db2.Leads.AsNoTracking().Where(l => l.CampaignId == campaign.Id).ToDictionaryAsync(l => l.PhoneNumber[^4..]);
        Assert.Equal((LeadStatus.Converted, 1), (leads["0111"].Status, leads["0111"].Attempts));
        Assert.Equal((LeadStatus.NotConverted, 1), (leads["0112"].Status, leads["0112"].Attempts));
        Assert.Equal((LeadStatus.Exhausted, 2), (leads["0113"].Status, leads["0113"].Attempts)); // no answer: retried once, max 2
        Assert.Equal((LeadStatus.Exhausted, 2), (leads["0114"].Status, leads["0114"].Attempts)); // busy: retried
        Assert.Equal((LeadStatus.Exhausted, 1), (leads["0115"].Status, leads["0115"].Attempts)); // voicemail: not in the retry policy
        Assert.Equal((LeadStatus.Exhausted, 1), (leads["0116"].Status, leads["0116"].Attempts)); // failed: not in the retry policy
        Assert.Equal((LeadStatus.DoNotCall, 1), (leads["0117"].Status, leads["0117"].Attempts));
        Assert.Equal((LeadStatus.Converted, 1), (leads["0118"].Status, leads["0118"].Attempts));
        var dnc = await db2.DncEntries.AsNoTracking().SingleAsync(e => e.PhoneNumber == "+13035550117");
        Assert.Equal(DncSource.Call, dnc.Source);

        var calls = await db2.Calls.AsNoTracking().Where(c => c.CampaignId == campaign.Id).ToListAsync();
        Assert.Equal(10, calls.Count);
        Assert.All(calls, c => Assert.Equal(CallStatus.Analyzed, c.Status));
        Assert.All(calls, c => Assert.NotNull(c.RetellCost));
        Assert.All(calls, c => Assert.NotNull(c.RetellCallId));
        var byOutcome = calls.GroupBy(c => c.Outcome!.Value).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<CallOutcome, int>
        {
            [CallOutcome.Converted] = 2, [CallOutcome.NotConverted] = 2, [CallOutcome.NoAnswer] = 2, [CallOutcome.Busy] = 2,
            [CallOutcome.Voicemail] = 1, [CallOutcome.Failed] = 1,
        }, byOutcome);
        // Connected calls bill whole minutes (increment 60); the rest bill nothing.
        Assert.All(calls, c => Assert.Equal(c.DurationSeconds > 0 ? (c.DurationSeconds + 59) / 60 * 60 : 0, c.BilledSeconds));
        Assert.All(calls.Where(c => c.BilledSeconds > 0), c => Assert.Equal(Pricing.Amount(c.BilledSeconds!.Value, 0.30m, "USD"), c.BilledAmount));

        var totals = await LedgerProbe.AssertConsistentAsync(host.Parent, tenant.Id);
        Assert.Equal(0, totals.RowHeld);
        Assert.Equal(600 * 60 - calls.Sum(c => c.BilledSeconds!.Value), totals.RowBalance);
        Assert.Equal(calls.Count(c => c.BilledSeconds > 0), totals.Consumes);
        var stats = await (await tenant.Owner.GetAsync($"/api/v1/campaigns/{campaign.Id}/stats")).ReadAsync<CampaignStatsDto>();
        Assert.Equal((8L, 1.0, 10L, 0L), (stats.LeadsTotal, stats.Progress, stats.CallsTotal, stats.CallsInProgress));
        Assert.Equal((2L, 8L, 0.25), (stats.LeadsConverted, stats.LeadsCalled, stats.ConversionRate));
        Assert.Equal(4L, stats.LeadsByStatus["exhausted"]);
        Assert.Equal(2L, stats.CallsByOutcome["no_answer"]);
        Assert.Equal(calls.Sum(c => c.BilledSeconds!.Value), stats.BilledSeconds);
        Assert.Equal(calls.Sum(c => c.BilledAmount ?? 0), stats.AmountBilled);
        var consumes = await db2.CreditEntries.AsNoTracking().Where(e => e.Kind == CreditEntryKind.Consume).ToListAsync();
        Assert.Equal(consumes.Count, consumes.Select(e => e.RetellCallId).Distinct().Count());
    }
}

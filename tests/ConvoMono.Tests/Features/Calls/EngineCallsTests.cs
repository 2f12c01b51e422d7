using ConvoMono.Features.Calls;
using ConvoMono.Features.Calls.Admin;
using ConvoMono.Features.Campaigns;
using ConvoMono.Features.Credits;
using ConvoMono.Infrastructure.Http;
using ConvoMono.Tests.Features.Launch;
using ConvoMono.Tests.Support;

namespace ConvoMono.Tests.Features.Calls;

/// <summary>Calls a real campaign placed on the simulator (an engine host on a database of its own), read back through the
/// client's and the admin's API.</summary>
public sealed class EngineCallsTests(TestApps apps)
{
    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_campaigns_calls_read_back_with_transcript_billing_and_for_the_admin_cost_and_profit(Db db)
    {
        await using var host = await EngineHost.StartAsync(await apps.GetAsync(db), EngineTests.Monday18Utc, settings: EngineTests.Outcomes);
        var (tenant, campaign) = await host.LaunchableAsync("phone,first_name\n(201) 555-0111,Ann\n(201) 555-0113,Cy\n");
        using var _ = tenant;
        await (await tenant.Owner.PostJsonAsync($"/api/v1/campaigns/{campaign.Id}/launch", new { })).ReadAsync<CampaignDto>();
        Assert.Equal(CampaignStatus.Completed, (await host.RunToEndAsync(tenant.Id, campaign.Id, TimeSpan.FromSeconds(30))).Status);
        // A campaign completes when its last call has ended; Retell's analysis of that call comes a little later.
        for (var round = 0; round < 3; round++) await host.StepAsync(TimeSpan.FromSeconds(30), round);

        var calls = (await (await tenant.Owner.GetAsync($"/api/v1/calls?campaign_id={campaign.Id}")).ReadAsync<Page<CallListItemDto>>()).Data;
        Assert.Equal(3, calls.Count); // Ann once, Cy twice (no answer, retried)
        Assert.True(calls.Zip(calls.Skip(1)).All(p => p.First.Id.CompareTo(p.Second.Id) > 0));
        Assert.All(calls, c => Assert.Equal((CallStatus.Analyzed, campaign.Name), (c.Status, c.CampaignName)));
        var converted = Assert.Single(calls, c => c.Outcome == CallOutcome.Converted);
        var cy = calls.Where(c => c.Outcome == CallOutcome.NoAnswer).ToList();
        Assert.Equal([2, 1], cy.Select(c => c.Attempt));
        Assert.Equal(cy.Select(c => c.Id), (await (await tenant.Owner.GetAsync($"/api/v1/calls?lead_id={cy[0].LeadId}")).ReadAsync<Page<CallListItemDto>>()).Data.Select(c => c.Id));

        var detail = await (await tenant.Owner.GetAsync($"/api/v1/calls/{converted.Id}")).ReadAsync<CallDto>();
        Assert.StartsWith("Agent: ", detail.Transcript);
        Assert.Contains("\nUser: ", detail.Transcript);
        Assert.NotNull(detail.RecordingUrl);
        Assert.True(detail.DurationSeconds > 0);
        Assert.Equal((detail.DurationSeconds!.Value + 59) / 60 * 60, detail.BilledSeconds);
        Assert.Equal(Pricing.Amount(detail.BilledSeconds!.Value, 0.30m, "USD"), detail.BilledAmount);
        Assert.Equal("true", detail.Analysis["converted"]);
        Assert.Equal((0L, 0m), (cy[0].BilledSeconds!.Value, cy[0].BilledAmount!.Value));

        using var admin = await host.AdminAsync();
        var costed = await (await admin.GetAsync($"/api/v1/admin/calls/{converted.Id}")).ReadAsync<AdminCallDto>();
        Assert.Equal((tenant.Id, tenant.Client.Name, detail.Transcript), (costed.ClientId, costed.ClientName, costed.Transcript));
        Assert.True(costed.RetellCost > 0);
        Assert.NotEmpty(costed.CostBreakdown);
        Assert.InRange(costed.CostBreakdown.Sum(p => p.Cost) - costed.RetellCost!.Value, -0.0001m, 0.0001m);
        Assert.Equal(detail.BilledAmount - costed.RetellCost, costed.Profit);
        var rows = (await (await admin.GetAsync($"/api/v1/admin/calls?client_id={tenant.Id}")).ReadAsync<Page<AdminCallListItemDto>>()).Data;
        Assert.Equal(calls.Select(c => c.Id), rows.Select(r => r.Id));
        Assert.All(rows, r => Assert.Equal(r.BilledAmount - r.RetellCost, r.Profit));
    }
}

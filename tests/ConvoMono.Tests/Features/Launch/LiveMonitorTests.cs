using ConvoMono.Features.Calls;
using ConvoMono.Features.Campaigns;
using ConvoMono.Features.Launch;
using ConvoMono.Infrastructure.Tenancy;
using ConvoMono.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConvoMono.Tests.Features.Launch;

/// <summary>The live monitor's read on a real campaign run on the simulator, and its burn-down buckets.</summary>
public sealed class LiveMonitorTests(TestApps apps)
{
    [Theory, ClassData(typeof(BothDatabases))]
    public async Task The_monitor_follows_a_campaign_from_draft_through_calls_in_progress_to_completion(Db db)
    {
        await using var host = await EngineHost.StartAsync(await apps.GetAsync(db), EngineTests.Monday18Utc, settings: EngineTests.Outcomes);
        var (tenant, campaign) = await host.LaunchableAsync(
            "phone,first_name\n(201) 555-0111,Ann\n(201) 555-0112,Bob\n(415) 555-0115,Ed\n(312) 555-0116,Flo\n+44 20 7946 0118,Hal\n");
        using var _ = tenant;

        var draft = (await MonitorAsync(host, tenant.Id, campaign.Id))!;
        Assert.Equal((CampaignStatus.Draft, 5L, 0L), (draft.Campaign.Status, draft.Stats.LeadsTotal, draft.LeadsDone));
        Assert.Empty(draft.InProgress);
        Assert.Empty(draft.Recent);
        Assert.Empty(draft.BurnDown); // nothing to chart before the launch
        Assert.Equal("America/New_York", draft.TimeZone);

        await (await tenant.Owner.PostJsonAsync($"/api/v1/campaigns/{campaign.Id}/launch", new { })).ReadAsync<CampaignDto>();
        var launched = (await MonitorAsync(host, tenant.Id, campaign.Id))!;
        Assert.Equal(5 * 120, launched.Credit.CampaignHeldSeconds); // the reservation: 5 leads × the 120 s estimate

        await host.Dispatcher.RunOnceAsync(default);
        var calling = (await MonitorAsync(host, tenant.Id, campaign.Id))!;
        Assert.Equal(CampaignStatus.Running, calling.Campaign.Status);
        Assert.Equal(5, calling.InProgress.Count);
        Assert.All(calling.InProgress, c => Assert.True(c.Status is not (CallStatus.Ended or CallStatus.Analyzed)));
        Assert.All(calling.InProgress, c => Assert.Equal(1, c.Attempt));
        Assert.Equal(calling.InProgress.OrderBy(c => c.ToNumber).Select(c => c.ToNumber),
            ["+12015550111", "+12015550112", "+13125550116", "+14155550115", "+442079460118"]);
        Assert.Empty(calling.Recent);
        // Each call holds its worst case (300 s); all the tenant's holds are this campaign's.
        Assert.True(calling.Credit.CampaignHeldSeconds >= 5 * 300);
        Assert.Equal(calling.Credit.HeldSeconds, calling.Credit.CampaignHeldSeconds);
        Assert.Equal([new BurnDownPoint(EngineTests.Monday18Utc.UtcDateTime, 0, 0), new BurnDownPoint(EngineTests.Monday18Utc.UtcDateTime.AddMinutes(1), 0, 0)],
            calling.BurnDown);

        await host.RunToEndAsync(tenant.Id, campaign.Id, TimeSpan.FromSeconds(30));
        var done = (await MonitorAsync(host, tenant.Id, campaign.Id))!;
        Assert.Equal(CampaignStatus.Completed, done.Campaign.Status);
        Assert.Equal((5L, 1.0, 2L), (done.LeadsDone, done.Stats.Progress, done.Stats.LeadsConverted));
        Assert.Empty(done.InProgress);
        Assert.Equal(5, done.Recent.Count);
        Assert.Equal(done.Recent.OrderByDescending(c => c.EndedAt).Select(c => c.Id), done.Recent.Select(c => c.Id));
        Assert.Equal(2, done.Recent.Count(c => c.Outcome == CallOutcome.Converted));
        Assert.All(done.Recent, c => Assert.NotNull(c.BilledSeconds));
        Assert.Equal(done.Stats.BilledSeconds, done.Recent.Sum(c => c.BilledSeconds!.Value));
        Assert.Equal(done.Stats.AmountBilled, done.Recent.Sum(c => c.BilledAmount ?? 0));
        Assert.Equal(0, done.Credit.CampaignHeldSeconds); // completion returned what was left
        Assert.Equal(0, done.Credit.HeldSeconds);

        // The burn-down starts at the launch minute at 0, never goes down, and ends at everything billed.
        Assert.Equal(1, done.BucketMinutes);
        Assert.Equal(new BurnDownPoint(EngineTests.Monday18Utc.UtcDateTime, 0, 0), done.BurnDown[0]);
        Assert.True(done.BurnDown.Zip(done.BurnDown.Skip(1)).All(p => p.First.BilledSeconds <= p.Second.BilledSeconds
            && p.Second.At - p.First.At == TimeSpan.FromMinutes(1)));
        Assert.Equal(done.Stats.BilledSeconds, done.BurnDown[^1].BilledSeconds);
        Assert.True(done.Stats.BilledSeconds > 0);
        Assert.True(done.BurnDown[^1].At <= done.Campaign.FinishedAt!.Value.AddMinutes(1));
        // Each point is what the calls that ended before its minute billed (the database grouped in UTC, on both providers).
        Assert.All(done.BurnDown, p => Assert.Equal(
            done.Recent.Where(c => c.EndedAt!.Value.AddTicks(-(c.EndedAt.Value.Ticks % TimeSpan.TicksPerMinute)) < p.At).Sum(c => c.BilledSeconds!.Value),
            p.BilledSeconds));

        // Another client's id is not found.
        var (stranger, _) = await host.LaunchableAsync("phone\n(201) 555-0199\n");
        using (stranger) Assert.Null(await MonitorAsync(host, stranger.Id, campaign.Id));
    }

    [Fact]
    public void The_burn_down_cumulates_per_bucket_and_widens_buckets_to_keep_the_chart_readable()
    {
        var launch = new DateTime(2026, 11, 23, 18, 0, 40, DateTimeKind.Utc);
        var minute = new DateTime(2026, 11, 23, 18, 0, 0, DateTimeKind.Utc);

        var (short_, size) = LiveMonitorHandler.BurnDown(launch, launch.AddMinutes(3),
            [(minute.AddMinutes(2), 120), (minute, 60), (minute.AddMinutes(2), 0)]);
        Assert.Equal(1, size);
        Assert.Equal([(minute, 0L), (minute.AddMinutes(1), 60L), (minute.AddMinutes(2), 60L), (minute.AddMinutes(3), 180L), (minute.AddMinutes(4), 180L)],
            short_.Select(p => (p.At, p.BilledSeconds)));
        Assert.Equal(3m, short_[^1].BilledMinutes);

        // Five hours: 5-minute buckets (60 of them), the last call counted in the last bucket.
        var (day, dayBucket) = LiveMonitorHandler.BurnDown(launch, launch.AddHours(5), [(minute.AddMinutes(7), 60), (minute.AddMinutes(299), 30)]);
        Assert.Equal(5, dayBucket);
        Assert.Equal(62, day.Count); // 301 minutes from the launch minute: 61 buckets, plus the launch point
        Assert.Equal((minute.AddMinutes(5), 0L), (day[1].At, day[1].BilledSeconds));
        Assert.Equal((minute.AddMinutes(10), 60L), (day[2].At, day[2].BilledSeconds));
        Assert.Equal(90L, day[^1].BilledSeconds);
        Assert.True(day.Count <= LiveMonitorHandler.MaxPoints + 1);

        // A call of a cancelled campaign that ends after the cancel still shows.
        var (late, _) = LiveMonitorHandler.BurnDown(launch, launch.AddMinutes(1), [(minute.AddMinutes(4), 60)]);
        Assert.Equal((minute.AddMinutes(5), 60L), (late[^1].At, late[^1].BilledSeconds));

        Assert.Equal(1440, LiveMonitorHandler.BurnDown(launch, launch.AddDays(400), []).BucketMinutes);
    }

    private static async Task<LiveMonitorDto?> MonitorAsync(EngineHost host, Guid tenantId, Guid campaignId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().SetTenant(tenantId, "test");
        return await scope.ServiceProvider.GetRequiredService<LiveMonitorHandler>().HandleAsync(campaignId, default);
    }
}

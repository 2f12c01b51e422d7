using ConvoMono.Features.Calls;
using ConvoMono.Features.Campaigns;
using ConvoMono.Features.Leads;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConvoMono.Tests.Features.Launch;

/// <summary>Launch checks, scheduled launches, calling windows, and the user's pause, resume and cancel.</summary>
public sealed class LaunchControlTests(TestApps apps)
{
    private static readonly DateTimeOffset Monday18Utc = EngineTests.Monday18Utc;

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_launch_is_refused_with_a_code_and_changes_nothing_without_credit_number_or_leads(Db db)
    {
        await using var host = await EngineHost.StartAsync(await apps.GetAsync(db), Monday18Utc);
        var (poor, campaign) = await host.LaunchableAsync("phone\n(201) 555-0150\n", minutes: 1); // needs 2 minutes (one 120 s call)
        using var _ = poor;
        var refused = await (await poor.Owner.PostJsonAsync($"/api/v1/campaigns/{campaign.Id}/launch", new { })).ProblemAsync(422);
        Assert.Equal("credits.insufficient", refused.GetProperty("code").GetString());
        Assert.Equal(CampaignStatus.Draft, (await host.CampaignAsync(poor.Id, campaign.Id)).Status);
        Assert.Equal(0, (await LedgerProbe.AssertConsistentAsync(host.Parent, poor.Id)).RowHeld);

        var (rich, noNumber) = await host.LaunchableAsync("phone\n(201) 555-0151\n");
        using var __ = rich;
        await (await rich.Owner.PatchJsonAsync($"/api/v1/campaigns/{noNumber.Id}", new { phone_number_id = "" })).ReadAsync<CampaignDto>();
        Assert.Equal("campaign.no_phone_number",
            (await (await rich.Owner.PostJsonAsync($"/api/v1/campaigns/{noNumber.Id}/launch", new { })).ProblemAsync(422)).GetProperty("code").GetString());

        var empty = await (await rich.Owner.PostJsonAsync("/api/v1/campaigns", new { name = "Empty", general_prompt = "Hello" })).ReadAsync<CampaignDto>();
        Assert.Equal("campaign.no_leads",
            (await (await rich.Owner.PostJsonAsync($"/api/v1/campaigns/{empty.Id}/launch", new { })).ProblemAsync(422)).GetProperty("code").GetString());

        var bad = await (await rich.Owner.PostJsonAsync($"/api/v1/campaigns/{noNumber.Id}/launch", new { start_at = "tomorrow-ish" })).ProblemAsync(400);
        Assert.True(bad.GetProperty("errors").TryGetProperty("start_at", out var __1));
        using var stranger = await new TestApi(host.Parent).NewTenantAsync(60);
        await (await stranger.Owner.PostJsonAsync($"/api/v1/campaigns/{noNumber.Id}/launch", new { })).ProblemAsync(404);
        await (await stranger.Owner.PostJsonAsync($"/api/v1/campaigns/{noNumber.Id}/pause", new { })).ProblemAsync(404);
        Assert.Equal(0, (await LedgerProbe.AssertConsistentAsync(host.Parent, rich.Id)).RowHeld);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_scheduled_launch_fires_once_at_its_local_time_even_with_two_instances(Db db)
    {
        await using var host = await EngineHost.StartAsync(await apps.GetAsync(db), Monday18Utc);
        await using var second = host.SecondInstance();
        var (tenant, campaign) = await host.LaunchableAsync("phone\n(201) 555-0160\n(201) 555-0161\n");
        using var _ = tenant;
        // 14:30 in New York is 19:30 UTC.
        var scheduled = await (await tenant.Owner.PostJsonAsync($"/api/v1/campaigns/{campaign.Id}/launch",
            new { start_at = "2026-11-23T14:30", time_zone = "America/New_York" })).ReadAsync<CampaignDto>();
        Assert.Equal((CampaignStatus.Scheduled, new DateTime(2026, 11, 23, 19, 30, 0, DateTimeKind.Utc)), (scheduled.Status, scheduled.StartAt!.Value));
        Assert.Equal(240, (await LedgerProbe.AssertConsistentAsync(host.Parent, tenant.Id)).RowHeld); // reserved at launch

        await host.Dispatcher.RunOnceAsync(default);
        Assert.Equal(CampaignStatus.Scheduled, (await host.CampaignAsync(tenant.Id, campaign.Id)).Status);
        host.Clock.Advance(TimeSpan.FromMinutes(91));
        await Task.WhenAll(Task.Run(() => host.Dispatcher.RunOnceAsync(default)), Task.Run(() => second.Dispatcher.RunOnceAsync(default)));
        var running = await host.CampaignAsync(tenant.Id, campaign.Id);
        Assert.Equal(CampaignStatus.Running, running.Status);
        await using var ctx = host.Services.GetRequiredService<TenantDbFactory>().For(tenant.Id);
        var calls = await ctx.Calls.AsNoTracking().Where(c => c.CampaignId == campaign.Id).ToListAsync();
        Assert.Equal(2, calls.Count);
        Assert.Equal(2, calls.Select(c => c.LeadId).Distinct().Count());
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_lead_outside_its_calling_window_waits_until_it_opens(Db db)
    {
        await using var host = await EngineHost.StartAsync(await apps.GetAsync(db), Monday18Utc, settings: new Dictionary<string, string>
        {
            ["Simulator:OutcomeRules:0170"] = "converted", ["Simulator:OutcomeRules:5678"] = "converted",
        });
        // 18:00 UTC is 03:00 on Tuesday in Tokyo: closed until 08:00 there (23:00 UTC).
        var (tenant, campaign) = await host.LaunchableAsync("phone\n(201) 555-0170\n+81 3-1234-5678\n");
        using var _ = tenant;
        await using var ctx = host.Services.GetRequiredService<TenantDbFactory>().For(tenant.Id);
        // The closed zone's lead comes first in id order (ids made in the same millisecond are in no set order): the
        // dispatcher, which reads pending leads upward from where the last pass found them, must still find it later.
        var first = new Guid("00000000-0000-7000-8000-000000000001");
        await ctx.Database.ExecuteSqlRawAsync("UPDATE leads SET id = {0} WHERE phone_number = {1}",
            db == Db.Sqlite ? first.ToString().ToUpperInvariant() : first, "+81312345678");
        await (await tenant.Owner.PostJsonAsync($"/api/v1/campaigns/{campaign.Id}/launch", new { })).ReadAsync<CampaignDto>();
        for (var round = 0; round < 10; round++) await host.StepAsync(TimeSpan.FromMinutes(1), round);

        var tokyo = await ctx.Leads.AsNoTracking().SingleAsync(l => l.CampaignId == campaign.Id && l.PhoneNumber == "+81312345678");
        Assert.Equal((first, "Asia/Tokyo", LeadStatus.Pending, 0), (tokyo.Id, tokyo.TimeZone, tokyo.Status, tokyo.Attempts));
        Assert.Equal(1, await ctx.Calls.CountAsync(c => c.CampaignId == campaign.Id));
        Assert.Equal(CampaignStatus.Running, (await host.CampaignAsync(tenant.Id, campaign.Id)).Status);

        host.Clock.Advance(new DateTimeOffset(2026, 11, 23, 23, 0, 0, TimeSpan.Zero) - host.Clock.GetUtcNow());
        var finished = await host.RunToEndAsync(tenant.Id, campaign.Id, TimeSpan.FromSeconds(30));
        Assert.Equal(CampaignStatus.Completed, finished.Status);
        var call = await ctx.Calls.AsNoTracking().SingleAsync(c => c.LeadId == tokyo.Id);
        Assert.True(call.CreatedAt >= new DateTime(2026, 11, 23, 23, 0, 0, DateTimeKind.Utc), $"dialed at {call.CreatedAt:O}");
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Pause_stops_new_waves_resume_continues_and_cancel_releases_the_reservation(Db db)
    {
        await using var host = await EngineHost.StartAsync(await apps.GetAsync(db), Monday18Utc);
        var csv = "phone\n" + string.Concat(Enumerable.Range(0, 30).Select(i => $"(201) 555-{200 + i:0000}\n"));
        var (tenant, campaign) = await host.LaunchableAsync(csv, settings: new
        {
            name = "Pausing", general_prompt = "Hello", concurrency = 5, max_call_duration_seconds = 120,
            calling_window = new { start = "08:00", end = "21:00", days = CampaignRules.Weekdays },
        });
        using var _ = tenant;
        await (await tenant.Owner.PostJsonAsync($"/api/v1/campaigns/{campaign.Id}/launch", new { })).ReadAsync<CampaignDto>();
        await host.StepAsync(TimeSpan.FromSeconds(1), 0);
        Assert.Equal(5, await CallCountAsync());

        var paused = await (await tenant.Owner.PostJsonAsync($"/api/v1/campaigns/{campaign.Id}/pause", new { })).ReadAsync<CampaignDto>();
        Assert.Equal((CampaignStatus.Paused, CampaignPauseReason.ByUser), (paused.Status, paused.PauseReason!.Value));
        for (var round = 1; round < 8; round++) await host.StepAsync(TimeSpan.FromSeconds(30), round);
        Assert.Equal(5, await CallCountAsync()); // the calls in flight finished; no new wave
        await (await tenant.Owner.PostJsonAsync($"/api/v1/campaigns/{campaign.Id}/pause", new { })).ProblemAsync(409);

        await (await tenant.Owner.PostJsonAsync($"/api/v1/campaigns/{campaign.Id}/resume", new { })).ReadAsync<CampaignDto>();
        await host.StepAsync(TimeSpan.FromSeconds(1), 8);
        Assert.True(await CallCountAsync() > 5);

        var cancelled = await (await tenant.Owner.PostJsonAsync($"/api/v1/campaigns/{campaign.Id}/cancel", new { })).ReadAsync<CampaignDto>();
        Assert.Equal(CampaignStatus.Cancelled, cancelled.Status);
        var sentBefore = await CallCountAsync();
        for (var round = 9; round < 16; round++) await host.StepAsync(TimeSpan.FromSeconds(30), round);
        Assert.Equal(sentBefore, await CallCountAsync());
        var totals = await LedgerProbe.AssertConsistentAsync(host.Parent, tenant.Id);
        Assert.Equal(0, totals.RowHeld); // reservation released, every call hold returned
        await using var ctx = host.Services.GetRequiredService<TenantDbFactory>().For(tenant.Id);
        var billed = await ctx.Calls.Where(c => c.CampaignId == campaign.Id).SumAsync(c => c.BilledSeconds ?? 0);
        Assert.Equal(600 * 60 - billed, totals.RowBalance);
        Assert.True(await ctx.Leads.CountAsync(l => l.CampaignId == campaign.Id && l.Status == LeadStatus.Pending) > 0);
        await (await tenant.Owner.PostJsonAsync($"/api/v1/campaigns/{campaign.Id}/resume", new { })).ProblemAsync(409);

        async Task<int> CallCountAsync()
        {
            await using var c = host.Services.GetRequiredService<TenantDbFactory>().For(tenant.Id);
            return await c.Calls.CountAsync(x => x.CampaignId == campaign.Id);
        }
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Running_out_of_credit_pauses_the_campaign_without_overdrawing(Db db)
    {
        await using var host = await EngineHost.StartAsync(await apps.GetAsync(db), Monday18Utc, settings: new Dictionary<string, string>
        {
            ["Simulator:OutcomeRules:0111"] = "converted", // every call talks (20–300 s)
        });
        var csv = "phone\n" + string.Concat(Enumerable.Range(0, 10).Select(i => $"(201) 55{i}-0111\n")) + "(202) 550-0111\n(202) 551-0111\n";
        // 12 leads × the 120 s estimate = 24 minutes reserved of 25; but each call holds its worst case, 5 minutes.
        var (tenant, campaign) = await host.LaunchableAsync(csv, minutes: 25, settings: new
        {
            name = "Thin credit", general_prompt = "Hello", concurrency = 12, max_call_duration_seconds = 300,
            calling_window = new { start = "08:00", end = "21:00", days = CampaignRules.Weekdays },
            retry = new { max_attempts = 1, delay_minutes = 0, on = Array.Empty<string>() },
        });
        using var _ = tenant;
        await (await tenant.Owner.PostJsonAsync($"/api/v1/campaigns/{campaign.Id}/launch", new { })).ReadAsync<CampaignDto>();
        Campaign state = null!;
        for (var round = 0; round < 40; round++)
        {
            await host.StepAsync(TimeSpan.FromSeconds(30), round);
            var t = await LedgerProbe.AssertConsistentAsync(host.Parent, tenant.Id);
            state = await host.CampaignAsync(tenant.Id, campaign.Id);
            if (state.Status != CampaignStatus.Running) break;
        }
        Assert.Equal((CampaignStatus.Paused, CampaignPauseReason.InsufficientCredits), (state.Status, state.PauseReason!.Value));
        await using var ctx = host.Services.GetRequiredService<TenantDbFactory>().For(tenant.Id);
        var billed = await ctx.Calls.Where(c => c.CampaignId == campaign.Id).SumAsync(c => c.BilledSeconds ?? 0);
        Assert.True(billed <= 25 * 60, $"billed {billed} s of 1500");
        Assert.True(await ctx.Leads.CountAsync(l => l.CampaignId == campaign.Id && l.Status == LeadStatus.Pending) > 0);
        var totals = await LedgerProbe.AssertConsistentAsync(host.Parent, tenant.Id);
        Assert.Equal(25 * 60 - billed, totals.RowBalance);
        Assert.True(totals.RowBalance - totals.RowHeld < 300, "paused only when a 5-minute hold no longer fits");

        // Paused for a day: the reservation's remainder goes back to the client.
        host.Clock.Advance(TimeSpan.FromHours(25));
        await host.Reconciler.RunOnceAsync(default);
        var later = await LedgerProbe.AssertConsistentAsync(host.Parent, tenant.Id);
        Assert.Equal((0L, totals.RowBalance), (later.RowHeld, later.RowBalance));
    }
}

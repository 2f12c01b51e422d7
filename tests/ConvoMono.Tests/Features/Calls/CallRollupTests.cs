using ConvoMono.Features.Calls;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConvoMono.Tests.Features.Calls;

/// <summary>The daily rollup the reports read, moved by calls ending through the tracker and the ledger.</summary>
public sealed class CallRollupTests(TestApps apps)
{
    private static readonly DateTime Day1 = new(2026, 11, 2, 0, 0, 0, DateTimeKind.Utc);

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Ended_calls_are_summed_per_campaign_and_UTC_day_to_the_last_millionth(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync(initialMinutes: 60); // 0.25 per minute, every started minute billed
        var campaign = await CallSeeder.CampaignAsync(tenant);
        await CallSeeder.SeedAsync(api.Factory.Services, tenant.Id, campaign.Id,
        [
            new(Day1.AddHours(10), 61, "converted", 12.34m, "Positive"),   // 120 s billed, 0.50
            new(Day1.AddHours(11), 30, "not_converted", 5m, "Negative"),   //  60 s, 0.25
            new(Day1.AddHours(23).AddMinutes(59), 0, "no_answer", null),   //   0 s, no cost known
            new(Day1.AddDays(1).AddHours(9), 15, "voicemail", 2.5m),       //  60 s, 0.25 (next UTC day)
        ]);
        await using var platform = api.Factory.Services.GetRequiredService<TenantDbFactory>().Platform();
        var rows = await CallStatsRollup.StoredAsync(platform, tenant.Id, default);
        Assert.Equal(2, rows.Count);
        var first = rows[(tenant.Id, campaign.Id, DateOnly.FromDateTime(Day1))].ToRow();
        Assert.Equal((3L, 2L, 1L, 1L, 1L, 0L, 0L, 0L), (first.Calls, first.Connected, first.Converted, first.NotConverted, first.NoAnswer, first.Busy, first.Voicemail, first.Failed));
        Assert.Equal((91L, 180L, 750_000L, 173_400L, 2L, 91L), (first.DurationSeconds, first.BilledSeconds, first.BilledMicros, first.RetellCostMicros, first.CostedCalls, first.CostedSeconds));
        Assert.Equal((3L, 1L, 1L, 0L, 1L), (first.Analyzed, first.Successful, first.PositiveSentiment, first.NeutralSentiment, first.NegativeSentiment));
        var second = rows[(tenant.Id, campaign.Id, DateOnly.FromDateTime(Day1.AddDays(1)))].ToRow();
        Assert.Equal((1L, 1L, 1L, 15L, 60L, 250_000L, 25_000L), (second.Calls, second.Connected, second.Voicemail, second.DurationSeconds, second.BilledSeconds, second.BilledMicros, second.RetellCostMicros));
        Assert.Equal(0.75m, CallDayStat.Money(first.BilledMicros));

        // The maintained rollup equals a fresh sum over the calls.
        var fresh = await CallStatsRollup.FromCallsAsync(platform, tenant.Id, default);
        Assert.Equal(fresh.Keys.Order(), rows.Keys.Order());
        Assert.All(fresh, f => Assert.Equal(f.Value.Values, rows[f.Key].Values));
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_rebuild_from_the_calls_gives_the_maintained_rollup(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync(initialMinutes: 60);
        var campaign = await CallSeeder.CampaignAsync(tenant);
        await CallSeeder.SeedAsync(api.Factory.Services, tenant.Id, campaign.Id,
            [new(Day1.AddHours(8), 200, "converted", 30m, "Positive"), new(Day1.AddHours(9), 0, "busy", 0m)]);
        await using var platform = api.Factory.Services.GetRequiredService<TenantDbFactory>().Platform();
        var before = await CallStatsRollup.StoredAsync(platform, tenant.Id, default);
        await CallStatsRollup.RebuildAsync(platform, default);
        var after = await CallStatsRollup.StoredAsync(platform, tenant.Id, default);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.All(before, b => Assert.Equal(b.Value.Values, after[b.Key].Values));
        Assert.Equal(240L, after.Values.Single().ToRow().BilledSeconds);
    }
}

using ConvoMono.Features.Calls;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Tests.Features.Calls;
using ConvoMono.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConvoMono.Tests.Features.Platform;

/// <summary>The engine's lean writer (a wave's calls and holds, a webhook batch's call updates) against both databases:
/// what it writes reads back through EF Core exactly as SaveChanges would have written it, updates are guarded by the
/// concurrency token, and a failed write leaves nothing behind.</summary>
public sealed class RowWriterTests(TestApps apps)
{
    private static readonly DateTime Monday = new(2026, 11, 23, 15, 30, 0, DateTimeKind.Utc);

    private static async Task<(TenantDbFactory Tenants, Guid TenantId, Guid CampaignId)> SetUpAsync(TestApi api)
    {
        using var tenant = await api.NewTenantAsync();
        var campaign = await CallSeed.CampaignAsync(tenant.Owner, "Writer");
        return (api.Factory.Services.GetRequiredService<TenantDbFactory>(), tenant.Id, campaign.Id);
    }

    private static Call Bare(Guid tenantId, Guid campaignId, DateTime at) => new()
    {
        TenantId = tenantId, CampaignId = campaignId, LeadId = Guid.NewGuid(), Attempt = 1, WaveId = Guid.NewGuid(), ToNumber = "+12015550111",
        FromNumber = "+14155550100", MaxDurationSeconds = 300, Currency = "USD", Status = CallStatus.Dispatching, CreatedAt = at, UpdatedAt = at,
    };

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Inserted_rows_read_back_as_EF_Core_would_have_written_them(Db db)
    {
        var (tenants, tenantId, campaignId) = await SetUpAsync(await apps.ApiAsync(db));
        var full = CallSeed.Analyzed(campaignId, Monday, c => c.TenantId = tenantId);
        var bare = Bare(tenantId, campaignId, Monday.AddMinutes(1));
        await using (var write = tenants.For(tenantId)) await RowWriter.InsertAsync(write, [full, bare], default);

        await using var read = tenants.For(tenantId);
        var stored = await read.Calls.AsNoTracking().Where(c => c.CampaignId == campaignId).OrderBy(c => c.CreatedAt).ToListAsync();
        Assert.Equal([full.Id, bare.Id], stored.Select(c => c.Id));
        var f = stored[0];
        Assert.Equal((CallStatus.Analyzed, CallOutcome.Converted, 95, 120, 0.50m, 0.1425m, true), (f.Status, f.Outcome, f.DurationSeconds, f.BilledSeconds, f.BilledAmount, f.RetellCost, f.Successful));
        Assert.Equal(full.EndedAt, f.EndedAt);
        Assert.Equal(DateTimeKind.Utc, f.EndedAt!.Value.Kind);
        Assert.Equal(full.CostBreakdown, f.CostBreakdown);
        Assert.Equal(full.Analysis, f.Analysis);
        Assert.Equal(CallSeed.Transcript, f.Transcript);
        var b = stored[1];
        Assert.Equal((CallStatus.Dispatching, (CallOutcome?)null, (int?)null, (decimal?)null, (string?)null), (b.Status, b.Outcome, b.BilledSeconds, b.RetellCost, b.Transcript));
        Assert.Empty(b.CostBreakdown);
        Assert.Empty(b.Analysis);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Updates_write_only_what_changed_grouped_or_alone_and_are_guarded_by_the_version(Db db)
    {
        var (tenants, tenantId, campaignId) = await SetUpAsync(await apps.ApiAsync(db));
        var calls = Enumerable.Range(0, 4).Select(i => Bare(tenantId, campaignId, Monday.AddMinutes(i))).ToArray();
        await using (var write = tenants.For(tenantId)) await RowWriter.InsertAsync(write, calls, default);

        await using (var change = tenants.For(tenantId))
        {
            var tracked = await change.Calls.Where(c => c.CampaignId == campaignId).OrderBy(c => c.CreatedAt).ToListAsync();
            foreach (var call in tracked.Take(3)) // the same columns: one UPDATE … FROM (VALUES …)
            {
                (call.Status, call.StartedAt, call.RetellCallId) = (CallStatus.Ongoing, Monday.AddMinutes(10), "call_" + call.Id.ToString("N"));
                call.Version++;
            }
            // other columns: an UPDATE of its own
            (tracked[3].Status, tracked[3].Outcome, tracked[3].Analysis, tracked[3].CostBreakdown) =
                (CallStatus.Ended, CallOutcome.NoAnswer, new() { ["converted"] = "false" }, [new("twilio", 0.01m)]);
            tracked[3].Version++;
            Assert.Equal(4, await RowWriter.UpdateModifiedAsync<Call>(change, default));
            Assert.All(change.ChangeTracker.Entries<Call>(), e => Assert.Equal(EntityState.Unchanged, e.State));
        }

        await using (var read = tenants.For(tenantId))
        {
            var stored = await read.Calls.AsNoTracking().Where(c => c.CampaignId == campaignId).OrderBy(c => c.CreatedAt).ToListAsync();
            Assert.All(stored.Take(3), c => Assert.Equal((CallStatus.Ongoing, Monday.AddMinutes(10), "call_" + c.Id.ToString("N"), 1, (CallOutcome?)null),
                (c.Status, c.StartedAt!.Value, c.RetellCallId, c.Version, c.Outcome)));
            Assert.Equal((CallStatus.Ended, CallOutcome.NoAnswer, (DateTime?)null, 1), (stored[3].Status, stored[3].Outcome, stored[3].StartedAt, stored[3].Version));
            Assert.Equal("false", stored[3].Analysis["converted"]);
            Assert.Equal([new CallProductCost("twilio", 0.01m)], stored[3].CostBreakdown);
        }

        // Another writer moved one of three rows on: the write fails as SaveChanges would, and none of the three changed.
        await using (var stale = tenants.For(tenantId))
        {
            var tracked = await stale.Calls.Where(c => c.CampaignId == campaignId).OrderBy(c => c.CreatedAt).Take(3).ToListAsync();
            await using (var other = tenants.For(tenantId))
                await other.Calls.Where(c => c.Id == tracked[1].Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.Version, 7));
            foreach (var call in tracked)
            {
                call.Status = CallStatus.Ended;
                call.Version++;
            }
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => RowWriter.UpdateModifiedAsync<Call>(stale, default));
        }
        await using (var read = tenants.For(tenantId))
        {
            var statuses = await read.Calls.AsNoTracking().Where(c => c.CampaignId == campaignId).OrderBy(c => c.CreatedAt).Take(3)
                .Select(c => c.Status).ToListAsync();
            Assert.All(statuses, s => Assert.Equal(CallStatus.Ongoing, s));
        }
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_failed_insert_writes_nothing_and_another_tenants_row_is_refused(Db db)
    {
        var api = await apps.ApiAsync(db);
        var (tenants, tenantId, campaignId) = await SetUpAsync(api);
        var first = Bare(tenantId, campaignId, Monday);
        await using (var write = tenants.For(tenantId)) await RowWriter.InsertAsync(write, [first], default);

        // The same lead attempt again (unique per lead and attempt) beside a new row: a database error, and neither is written.
        var fresh = Bare(tenantId, campaignId, Monday.AddMinutes(1));
        var again = Bare(tenantId, campaignId, Monday.AddMinutes(2));
        again.LeadId = first.LeadId;
        await using (var write = tenants.For(tenantId))
            await Assert.ThrowsAnyAsync<DbUpdateException>(() => RowWriter.InsertAsync(write, [fresh, again], default));

        using var other = await api.NewTenantAsync();
        await using (var write = tenants.For(tenantId))
            await Assert.ThrowsAsync<InvalidOperationException>(() => RowWriter.InsertAsync(write, [Bare(other.Id, campaignId, Monday)], default));

        await using var read = tenants.For(tenantId);
        Assert.Equal([first.Id], await read.Calls.AsNoTracking().Where(c => c.CampaignId == campaignId).Select(c => c.Id).ToListAsync());
    }
}

using ConvoMono.Features.Credits;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConvoMono.Tests.Features.Credits;

/// <summary>The service the dialer uses: holds, settlements and releases, called as the engine will.</summary>
public sealed class LedgerServiceTests(TestApps apps)
{
    private static CreditLedger Ledger(TestApi api) => api.Factory.Services.GetRequiredService<CreditLedger>();

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_call_hold_settles_its_billable_seconds_once_and_returns_the_rest(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync(initialMinutes: 10); // increment 60 s, 0.25 per minute
        var ledger = Ledger(api);
        var campaign = Guid.NewGuid();

        var hold = await ledger.PlaceCallHoldAsync(tenant.Id, campaign, "call-1", 300, default);
        Assert.False(hold.FromReservation);
        var during = await ledger.GetBalanceAsync(tenant.Id, default);
        Assert.Equal((600L, 300L, 300L), (during.BalanceSeconds, during.HeldSeconds, during.AvailableSeconds));

        var settled = await ledger.SettleCallAsync(tenant.Id, "call-1", "retell_abc", 61, default);
        Assert.Equal((120L, 0.50m, false), (settled.BillableSeconds, settled.BilledAmount, settled.AlreadySettled));
        var again = await ledger.SettleCallAsync(tenant.Id, "call-1", "retell_abc", 61, default);
        Assert.True(again.AlreadySettled);
        Assert.Equal(120, again.BillableSeconds);
        var late = await ledger.SettleCallAsync(tenant.Id, "call-1", "retell_abc", 3000, default); // a later, different duration changes nothing
        Assert.Equal(120, late.BillableSeconds);

        var after = await LedgerProbe.AssertConsistentAsync(api.Factory, tenant.Id);
        Assert.Equal((480L, 0L, 1), (after.RowBalance, after.RowHeld, after.Consumes));
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Settlements_round_up_to_each_billing_increment_and_their_entries_name_the_call(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync(initialMinutes: 300); // 0.25 per minute
        using var admin = await api.AdminAsync();
        var ledger = Ledger(api);
        var campaign = Guid.NewGuid();
        var expectedBalance = 300L * 60;
        foreach (var increment in new[] { 1, 6, 30, 60 })
        {
            await (await admin.PatchJsonAsync($"/api/v1/admin/clients/{tenant.Id}", new { billing_increment_seconds = increment })).ReadAsync<ConvoMono.Features.Clients.ClientDto>();
            // 0 s, one second, an exact multiple, one past it, two increments: rounded up, never down, 0 stays 0.
            foreach (var (connected, billable) in new (long, long)[]
                     {
                         (0, 0), (1, increment), (increment, increment), (increment + 1, 2L * increment), (2L * increment, 2L * increment),
                     })
            {
                var callId = Guid.NewGuid();
                await ledger.PlaceCallHoldAsync(tenant.Id, campaign, "call:" + callId, 600, default);
                var settled = await ledger.SettleCallAsync(tenant.Id, "call:" + callId, "retell_" + callId.ToString("N"), connected, default);
                Assert.True(billable == settled.BillableSeconds, $"increment {increment}, {connected} s: billed {settled.BillableSeconds} s, expected {billable} s");
                Assert.Equal(Math.Round(billable * 0.25m / 60, 2, MidpointRounding.AwayFromZero), settled.BilledAmount);
                expectedBalance -= billable;
            }
        }
        var totals = await LedgerProbe.AssertConsistentAsync(api.Factory, tenant.Id);
        Assert.Equal((expectedBalance, 0L), (totals.RowBalance, totals.RowHeld));

        // The client's ledger names the call on its consume and release entries (API.md: call_id).
        var entries = System.Text.Json.JsonDocument.Parse(await (await tenant.Owner.GetAsync("/api/v1/credits/ledger?kind=consume&limit=5")).Content.ReadAsStringAsync())
            .RootElement.GetProperty("data").EnumerateArray().ToList();
        Assert.NotEmpty(entries);
        Assert.All(entries, e =>
        {
            var retell = e.GetProperty("retell_call_id").GetString()!;
            Assert.Equal(retell["retell_".Length..], e.GetProperty("call_id").GetGuid().ToString("N"));
        });
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Billing_never_exceeds_the_hold_and_an_unconnected_call_bills_nothing(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync(initialMinutes: 10);
        var ledger = Ledger(api);
        await ledger.PlaceCallHoldAsync(tenant.Id, Guid.NewGuid(), "long", 90, default);
        await ledger.PlaceCallHoldAsync(tenant.Id, Guid.NewGuid(), "unanswered", 90, default);

        Assert.Equal(90, (await ledger.SettleCallAsync(tenant.Id, "long", "r1", 500, default)).BillableSeconds);
        Assert.Equal(0, (await ledger.SettleCallAsync(tenant.Id, "unanswered", "r2", 0, default)).BillableSeconds);
        var totals = await LedgerProbe.AssertConsistentAsync(api.Factory, tenant.Id);
        Assert.Equal((510L, 0L, 1), (totals.RowBalance, totals.RowHeld, totals.Consumes));
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_hold_that_available_credit_cannot_cover_is_refused_and_writes_nothing(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync(initialMinutes: 2);
        var ledger = Ledger(api);

        await ledger.PlaceCallHoldAsync(tenant.Id, Guid.NewGuid(), "fits", 100, default);
        var error = await Assert.ThrowsAsync<DomainException>(() => ledger.PlaceCallHoldAsync(tenant.Id, Guid.NewGuid(), "too-big", 21, default));
        Assert.Equal("credits.insufficient", error.Code);
        Assert.Equal("credits.insufficient", (await Assert.ThrowsAsync<DomainException>(
            () => ledger.ReserveForCampaignAsync(tenant.Id, Guid.NewGuid(), 21, default))).Code);
        Assert.Equal("credits.hold_not_found", (await Assert.ThrowsAsync<DomainException>(
            () => ledger.SettleCallAsync(tenant.Id, "too-big", "r", 10, default))).Code);
        var totals = await LedgerProbe.AssertConsistentAsync(api.Factory, tenant.Id);
        Assert.Equal((120L, 100L), (totals.RowBalance, totals.RowHeld));
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Call_holds_draw_from_the_campaign_reservation_and_its_remainder_is_released_once(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync(initialMinutes: 20); // 1200 s
        var ledger = Ledger(api);
        var campaign = Guid.NewGuid();

        Assert.False((await ledger.ReserveForCampaignAsync(tenant.Id, campaign, 1000, default)).AlreadyPlaced);
        Assert.True((await ledger.ReserveForCampaignAsync(tenant.Id, campaign, 1000, default)).AlreadyPlaced);
        Assert.True((await ledger.PlaceCallHoldAsync(tenant.Id, campaign, "a", 600, default)).FromReservation);   // reservation 1000 → 400
        Assert.Equal("credits.insufficient", (await Assert.ThrowsAsync<DomainException>(                          // 400 < 600 and available 200 < 600
            () => ledger.PlaceCallHoldAsync(tenant.Id, campaign, "b", 600, default))).Code);
        Assert.True((await ledger.PlaceCallHoldAsync(tenant.Id, campaign, "c", 150, default)).FromReservation);   // → 250
        Assert.True((await ledger.PlaceCallHoldAsync(tenant.Id, campaign, "f", 200, default)).FromReservation);   // → 50
        var mid = await ledger.GetBalanceAsync(tenant.Id, default);
        Assert.Equal((1200L, 1000L, 200L), (mid.BalanceSeconds, mid.HeldSeconds, mid.AvailableSeconds)); // holds moved inside the reservation

        await ledger.SettleCallAsync(tenant.Id, "a", "r-a", 61, default);                 // bills 120, returns 600
        Assert.Equal(50, await ledger.ReleaseCampaignAsync(tenant.Id, campaign, default));  // the unused remainder
        Assert.Equal(0, await ledger.ReleaseCampaignAsync(tenant.Id, campaign, default));   // once
        await ledger.SettleCallAsync(tenant.Id, "c", "r-c", 30, default);                 // bills 60
        await ledger.SettleCallAsync(tenant.Id, "f", "r-f", 0, default);

        var end = await LedgerProbe.AssertConsistentAsync(api.Factory, tenant.Id);
        Assert.Equal((1020L, 0L, 2), (end.RowBalance, end.RowHeld, end.Consumes));
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_wave_of_holds_and_a_batch_of_settles_each_take_one_transaction_and_keep_every_rule(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync(initialMinutes: 10); // 600 s, increment 60
        var ledger = Ledger(api);
        var campaign = Guid.NewGuid();

        var wave = await ledger.PlaceCallHoldsAsync(tenant.Id, campaign, [new("w1", 120), new("w2", 120), new("w3", 120)], default);
        Assert.All(wave, h => Assert.NotNull(h));
        // 240 s left: a wave of three 120 s holds gets the first two, then runs out.
        var partial = await ledger.PlaceCallHoldsAsync(tenant.Id, campaign, [new("w4", 120), new("w5", 120), new("w6", 120)], default);
        Assert.Equal([true, true, false], partial.Select(h => h is not null));
        // Replaying a wave places nothing new.
        Assert.All(await ledger.PlaceCallHoldsAsync(tenant.Id, campaign, [new("w1", 120), new("w2", 120)], default), h => Assert.True(h!.AlreadyPlaced));

        var settled = await ledger.SettleCallsAsync(tenant.Id,
            [new("w1", "r1", 61), new("w2", "r2", 0), new("w1", "r1", 61), new("w3", "r3", 500)], default);
        Assert.Equal([120L, 0L, 120L, 120L], settled.Select(r => r.BillableSeconds));
        Assert.Equal([false, false, true, false], settled.Select(r => r.AlreadySettled));
        var again = await ledger.SettleCallsAsync(tenant.Id, [new("w3", "r3", 10), new("w4", "r4", 59)], default);
        Assert.Equal([(120L, true), (60L, false)], again.Select(r => (r.BillableSeconds, r.AlreadySettled)));

        var totals = await LedgerProbe.AssertConsistentAsync(api.Factory, tenant.Id);
        Assert.Equal((300L, 120L, 3), (totals.RowBalance, totals.RowHeld, totals.Consumes)); // w5 still held
    }
}

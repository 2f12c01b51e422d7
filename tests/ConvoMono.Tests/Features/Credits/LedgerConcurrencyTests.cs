using ConvoMono.Features.Credits;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConvoMono.Tests.Features.Credits;

public sealed class LedgerConcurrencyTests(TestApps apps)
{
    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Fifty_parallel_holds_against_credit_for_twenty_let_exactly_twenty_through(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync(initialMinutes: 20);
        var ledger = api.Factory.Services.GetRequiredService<CreditLedger>();
        var campaign = Guid.NewGuid();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            await Task.Yield();
            try
            {
                await ledger.PlaceCallHoldAsync(tenant.Id, campaign, $"lead-{i}", 60, default);
                return true;
            }
            catch (DomainException e) when (e.Code == "credits.insufficient") { return false; }
        }));

        Assert.Equal(20, outcomes.Count(ok => ok));
        var totals = await LedgerProbe.AssertConsistentAsync(api.Factory, tenant.Id);
        Assert.Equal((1200L, 1200L), (totals.RowBalance, totals.RowHeld));
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_hundred_parallel_duplicate_settles_of_one_call_consume_once(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync(initialMinutes: 20);
        var ledger = api.Factory.Services.GetRequiredService<CreditLedger>();
        await ledger.PlaceCallHoldAsync(tenant.Id, Guid.NewGuid(), "the-call", 600, default);

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(async _ =>
        {
            await Task.Yield();
            return await ledger.SettleCallAsync(tenant.Id, "the-call", "retell_dup", 125, default);
        }));

        Assert.Single(results, r => !r.AlreadySettled);
        Assert.All(results, r => Assert.Equal(180, r.BillableSeconds));
        var totals = await LedgerProbe.AssertConsistentAsync(api.Factory, tenant.Id);
        Assert.Equal((1020L, 0L, 1), (totals.RowBalance, totals.RowHeld, totals.Consumes));
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Parallel_duplicate_holds_with_one_key_hold_once(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync(initialMinutes: 20);
        var ledger = api.Factory.Services.GetRequiredService<CreditLedger>();
        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(async _ =>
        {
            await Task.Yield();
            return await ledger.PlaceCallHoldAsync(tenant.Id, Guid.NewGuid(), "same-attempt", 60, default);
        }));
        Assert.Single(results.Select(r => r.HoldId).Distinct());
        var totals = await LedgerProbe.AssertConsistentAsync(api.Factory, tenant.Id);
        Assert.Equal(60, totals.RowHeld);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Overlapping_settle_batches_in_parallel_consume_each_call_once(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync(initialMinutes: 100);
        var ledger = api.Factory.Services.GetRequiredService<CreditLedger>();
        var keys = Enumerable.Range(0, 40).Select(i => $"c{i}").ToList();
        await ledger.PlaceCallHoldsAsync(tenant.Id, Guid.NewGuid(), keys.Select(k => new HoldRequest(k, 120)).ToList(), default);

        // Ten batches of 20 random calls each (with overlaps and duplicates), all at once.
        var random = new Random(7);
        var batches = Enumerable.Range(0, 10).Select(_ => Enumerable.Range(0, 20)
            .Select(_ => keys[random.Next(keys.Count)]).Select(k => new SettleRequest(k, "r-" + k, 65)).ToList()).ToList();
        batches.Add(keys.Select(k => new SettleRequest(k, "r-" + k, 65)).ToList()); // and every call once more
        var results = (await Task.WhenAll(batches.Select(async b =>
        {
            await Task.Yield();
            return await ledger.SettleCallsAsync(tenant.Id, b, default);
        }))).SelectMany(r => r).ToList();

        Assert.Equal(40, results.Count(r => !r.AlreadySettled));
        var totals = await LedgerProbe.AssertConsistentAsync(api.Factory, tenant.Id);
        Assert.Equal((6000L - 40 * 120, 0L, 40), (totals.RowBalance, totals.RowHeld, totals.Consumes));
    }
}

using ConvoMono.Features.Credits;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConvoMono.Tests.Features.Credits;

/// <summary>Thousands of random operations, duplicates and out-of-order settles included, against the real ledger
/// and a plain in-memory model of the rules; after every step the two must agree and available must be ≥ 0.</summary>
public sealed class LedgerModelTests(TestApps apps)
{
    private const int Steps = 3000;

    private sealed class Model(int increment)
    {
        public long Balance, Held;
        public readonly Dictionary<string, (long Seconds, long Remaining, bool Closed, string? Campaign)> Holds = new();

        public bool Grant(long s) { Balance += s; return true; }

        public bool Adjust(long s)
        {
            if (s < 0 && Balance - Held < -s) return false;
            Balance += s;
            return true;
        }

        public bool Reserve(string campaign, long s)
        {
            var key = "campaign:" + campaign;
            if (Holds.ContainsKey(key)) return true;
            if (Balance - Held < s) return false;
            Held += s;
            Holds[key] = (s, s, false, null);
            return true;
        }

        public bool Hold(string campaign, string key, long s)
        {
            if (Holds.ContainsKey(key)) return true;
            var reservation = "campaign:" + campaign;
            if (Holds.TryGetValue(reservation, out var r) && !r.Closed && r.Remaining >= s)
                Holds[reservation] = r with { Remaining = r.Remaining - s };
            else if (Balance - Held < s) return false;
            else Held += s;
            Holds[key] = (s, s, false, campaign);
            return true;
        }

        public long? Settle(string key, long connected)
        {
            if (!Holds.TryGetValue(key, out var h)) return null;
            if (h.Closed) return -1;
            var billable = Math.Min(Pricing.BillableSeconds(connected, increment), h.Seconds);
            Balance -= billable;
            Held -= h.Seconds;
            Holds[key] = h with { Closed = true, Remaining = 0 };
            return billable;
        }

        public long Release(string campaign)
        {
            var key = "campaign:" + campaign;
            if (!Holds.TryGetValue(key, out var r) || r.Closed) return 0;
            Held -= r.Remaining;
            Holds[key] = r with { Closed = true, Remaining = 0 };
            return r.Remaining;
        }
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Random_operations_keep_the_ledger_equal_to_the_model(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync(initialMinutes: 60);
        using (var admin = await api.AdminAsync())
            await (await admin.PatchJsonAsync($"/api/v1/admin/clients/{tenant.Id}", new { billing_increment_seconds = 6 })).ReadAsync<object>();
        var ledger = api.Factory.Services.GetRequiredService<CreditLedger>();
        var actor = new ConvoMono.Infrastructure.Tenancy.TenantContext();
        var model = new Model(6) { Balance = 3600 };
        var random = new Random(20261124);
        var campaigns = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToArray();
        var keys = new List<string>();

        for (var step = 0; step < Steps; step++)
        {
            var campaign = campaigns[random.Next(campaigns.Length)];
            switch (random.Next(100))
            {
                case < 5:
                    var g = random.Next(1, 30) * 60L;
                    await ledger.GrantAsync(tenant.Id, g, null, "model", actor, default);
                    model.Grant(g);
                    break;
                case < 10:
                    var a = random.Next(-40, 20) * 60L;
                    if (a == 0) break;
                    Assert.Equal(model.Adjust(a), await Succeeds(() => ledger.AdjustAsync(tenant.Id, a, "model", actor, default)));
                    break;
                case < 15:
                    var r = random.Next(1, 20) * 60L;
                    Assert.Equal(model.Reserve(campaign.ToString(), r), await Succeeds(() => ledger.ReserveForCampaignAsync(tenant.Id, campaign, r, default)));
                    break;
                case < 50:
                    // New attempts mostly, a replayed one sometimes.
                    var key = keys.Count > 0 && random.Next(5) == 0 ? keys[random.Next(keys.Count)] : $"k{step}";
                    var s = random.Next(1, 11) * 30L;
                    var ok = model.Hold(campaign.ToString(), key, s);
                    Assert.Equal(ok, await Succeeds(() => ledger.PlaceCallHoldAsync(tenant.Id, campaign, key, s, default)));
                    if (ok && !keys.Contains(key)) keys.Add(key);
                    break;
                case < 70:
                    if (keys.Count == 0) break;
                    // A batch, as the webhook processor settles them: several calls, duplicates included.
                    var batch = Enumerable.Range(0, random.Next(1, 6)).Select(_ => keys[random.Next(keys.Count)])
                        .Select(k => new SettleRequest(k, "r-" + k, random.Next(0, 400))).ToList();
                    var batchResults = await ledger.SettleCallsAsync(tenant.Id, batch, default);
                    for (var j = 0; j < batch.Count; j++)
                    {
                        var modelBillable = model.Settle(batch[j].HoldKey, batch[j].ConnectedSeconds);
                        if (modelBillable == -1) Assert.True(batchResults[j].AlreadySettled);
                        else Assert.Equal((modelBillable, false), (batchResults[j].BillableSeconds, batchResults[j].AlreadySettled));
                    }
                    break;
                case < 90:
                    if (keys.Count == 0) break;
                    // A settle that arrives before its hold exists (an event for an attempt not yet held): refused, nothing changes.
                    if (random.Next(10) == 0)
                    {
                        var early = await Assert.ThrowsAsync<ConvoMono.Infrastructure.Errors.DomainException>(
                            () => ledger.SettleCallAsync(tenant.Id, $"k{step + 1_000_000}", "r-early", random.Next(1, 400), default));
                        Assert.Equal("credits.hold_not_found", early.Code);
                        break;
                    }
                    // Any hold, in any order, settled again and again.
                    var settleKey = keys[random.Next(keys.Count)];
                    var connected = random.Next(4) == 0 ? 0 : random.Next(1, 400);
                    var expected = model.Settle(settleKey, connected);
                    var result = await ledger.SettleCallAsync(tenant.Id, settleKey, "r-" + settleKey, connected, default);
                    if (expected == -1) Assert.True(result.AlreadySettled);
                    else Assert.Equal((expected, false), (result.BillableSeconds, result.AlreadySettled));
                    break;
                default:
                    Assert.Equal(model.Release(campaign.ToString()), await ledger.ReleaseCampaignAsync(tenant.Id, campaign, default));
                    break;
            }

            var balance = await ledger.GetBalanceAsync(tenant.Id, default);
            Assert.True((model.Balance, model.Held) == (balance.BalanceSeconds, balance.HeldSeconds),
                $"step {step}: model {model.Balance}/{model.Held}, ledger {balance.BalanceSeconds}/{balance.HeldSeconds}");
            Assert.True(balance.AvailableSeconds >= 0);
            if (step % 50 == 0) await LedgerProbe.AssertConsistentAsync(api.Factory, tenant.Id); // the totals row against the ledger's own sums
        }
        await LedgerProbe.AssertConsistentAsync(api.Factory, tenant.Id);
    }

    private static async Task<bool> Succeeds(Func<Task> operation)
    {
        try
        {
            await operation();
            return true;
        }
        catch (DomainException e) when (e.Code == "credits.insufficient") { return false; }
    }
}

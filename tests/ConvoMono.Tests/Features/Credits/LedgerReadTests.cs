using System.Text.Json;
using ConvoMono.Features.Credits;
using ConvoMono.Infrastructure.Http;
using ConvoMono.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ConvoMono.Tests.Features.Credits;

/// <summary>The client's reads of its ledger over HTTP: the list's filters and the daily burn-down, on entries written
/// by the ledger service at chosen times.</summary>
public sealed class LedgerReadTests(TestApps apps)
{
    private static readonly DateTimeOffset November10 = new(2026, 11, 10, 12, 0, 0, TimeSpan.Zero);

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task The_ledger_filters_by_campaign_and_period_alone_and_together(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        var clock = new FakeTimeProvider(November10);
        var ledger = ActivatorUtilities.CreateInstance<CreditLedger>(api.Factory.Services, (TimeProvider)clock);
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        var grant = await ledger.GrantAsync(tenant.Id, 3600, null, "Opening credit", new(), default);
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 12, 9, 0, 0, TimeSpan.Zero));
        await ledger.PlaceCallHoldAsync(tenant.Id, a, "a-1", 300, default);
        clock.Advance(TimeSpan.FromMinutes(5));
        await ledger.SettleCallAsync(tenant.Id, "a-1", "retell_a1", 61, default);
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 14, 18, 0, 0, TimeSpan.Zero));
        await ledger.PlaceCallHoldAsync(tenant.Id, b, "b-1", 300, default);
        clock.Advance(TimeSpan.FromMinutes(2));
        await ledger.SettleCallAsync(tenant.Id, "b-1", "retell_b1", 30, default);

        async Task<List<CreditEntryDto>> ListAsync(string query) =>
            (await (await tenant.Owner.GetAsync("/api/v1/credits/ledger" + query)).ReadAsync<Page<CreditEntryDto>>()).Data.ToList();

        Assert.Equal(7, (await ListAsync("")).Count);
        var campaignA = await ListAsync($"?campaign_id={a}");
        // (The settle's consume and release share an instant, so their order is not asserted.)
        Assert.Equal([CreditEntryKind.Reserve, CreditEntryKind.Consume, CreditEntryKind.Release], campaignA.Select(e => e.Kind).Order());
        Assert.All(campaignA, e => Assert.Equal(a, e.CampaignId));
        Assert.Equal([CreditEntryKind.Consume], (await ListAsync($"?campaign_id={b}&kind=consume")).Select(e => e.Kind));

        // from is inclusive, to exclusive; a time without a zone is UTC.
        Assert.Equal(campaignA.Select(e => e.Id), (await ListAsync("?from=2026-11-12T00:00:00Z&to=2026-11-13T00:00:00Z")).Select(e => e.Id));
        Assert.Equal(6, (await ListAsync("?from=2026-11-12")).Count);
        Assert.Equal([grant.Id], (await ListAsync("?to=2026-11-12T09:00:00Z")).Select(e => e.Id));
        Assert.Empty(await ListAsync($"?campaign_id={b}&to=2026-11-14T18:00:00Z"));
        Assert.Equal([CreditEntryKind.Reserve], (await ListAsync($"?campaign_id={b}&from=2026-11-14T18:00:00Z&kind=reserve")).Select(e => e.Kind));
        Assert.Empty(await ListAsync($"?campaign_id={Guid.NewGuid()}"));

        // The admin's view of the client's ledger takes the same filters.
        using var admin = await api.AdminAsync();
        var adminView = await (await admin.GetAsync($"/api/v1/admin/clients/{tenant.Id}/ledger?campaign_id={a}&from=2026-11-12T09:01:00Z"))
            .ReadAsync<Page<CreditEntryDto>>();
        Assert.Equal([CreditEntryKind.Consume, CreditEntryKind.Release], adminView.Data.Select(e => e.Kind).Order());

        async Task<JsonElement> Errors(string url) => (await (await tenant.Owner.GetAsync(url)).ProblemAsync(400)).GetProperty("errors");
        Assert.True((await Errors("/api/v1/credits/ledger?from=2026-11-13T00:00:00Z&to=2026-11-12T00:00:00Z")).TryGetProperty("to", out _));
        Assert.True((await Errors("/api/v1/credits/ledger?kind=refund")).TryGetProperty("kind", out _));
        await (await tenant.Owner.GetAsync("/api/v1/credits/ledger?campaign_id=42")).ProblemAsync(400);
        await (await tenant.Owner.GetAsync("/api/v1/credits/ledger?from=last-week")).ProblemAsync(400);
    }
}

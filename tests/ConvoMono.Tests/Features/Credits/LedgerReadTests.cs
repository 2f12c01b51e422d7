using System.Net.Http.Headers;
using System.Text.Json;
using ConvoMono.Features.Auth;
using ConvoMono.Features.Clients;
using ConvoMono.Features.Credits;
using ConvoMono.Infrastructure.Http;
using ConvoMono.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task The_burn_down_has_a_point_per_day_of_the_clients_time_zone_carrying_the_balance_over_quiet_days(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        using (var admin = await api.AdminAsync())
            Assert.Equal("America/New_York", (await (await admin.PatchJsonAsync($"/api/v1/admin/clients/{tenant.Id}", new { time_zone = "America/New_York" }))
                .ReadAsync<ClientDto>()).TimeZone);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 10, 1, 12, 0, 0, TimeSpan.Zero));
        var ledger = ActivatorUtilities.CreateInstance<CreditLedger>(api.Factory.Services, (TimeProvider)clock);
        var system = new ConvoMono.Infrastructure.Tenancy.TenantContext();
        async Task AtAsync(int month, int day, int hour, int minute, Func<Task> change)
        {
            clock.SetUtcNow(new DateTimeOffset(2026, month, day, hour, minute, 0, TimeSpan.Zero));
            await change();
        }
        await ledger.GrantAsync(tenant.Id, 6000, null, "More than 30 days ago", system, default);             // Oct 1
        await AtAsync(10, 22, 3, 0, () => ledger.GrantAsync(tenant.Id, 600, null, "Late evening", system, default)); // Oct 21, 23:00 EDT
        await AtAsync(10, 25, 16, 0, () => ledger.PlaceCallHoldAsync(tenant.Id, Guid.NewGuid(), "call-1", 300, default));
        await AtAsync(10, 27, 2, 0, () => ledger.SettleCallAsync(tenant.Id, "call-1", "retell_1", 61, default)); // Oct 26, 22:00 EDT: 120 s
        await AtAsync(11, 2, 4, 30, () => ledger.AdjustAsync(tenant.Id, -1800, "Correction", system, default)); // Nov 1, 23:30 EST (DST over)
        await AtAsync(11, 2, 5, 30, () => ledger.GrantAsync(tenant.Id, 60, null, "Just after midnight", system, default)); // Nov 2, 00:30 EST
        await AtAsync(11, 20, 14, 0, () => ledger.GrantAsync(tenant.Id, 900, null, "This morning", system, default)); // Nov 20, 09:00 EST
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 20, 15, 0, 0, TimeSpan.Zero)); // 10:00 in New York

        await using var host = api.Factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock))));
        using var owner = host.CreateClient();
        var token = await (await owner.PostJsonAsync("/api/v1/auth/token", new { email = tenant.OwnerEmail, password = TestApi.Password })).ReadAsync<IssueTokenResponse>();
        owner.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        var days = await (await owner.GetAsync("/api/v1/credits/burn-down")).ReadAsync<List<BurnDownDay>>();

        // Days with a change: (available, balance, consumed, granted) at the day's end; every other day carries the one before.
        var changes = new Dictionary<DateOnly, (long, long, long, long)>
        {
            [new(2026, 10, 25)] = (6300, 6600, 0, 0),        // the call's hold: held, not spent
            [new(2026, 10, 26)] = (6480, 6480, 120, 0),      // the call billed 120 s, the rest of its hold returned
            [new(2026, 11, 1)] = (4680, 4680, 0, -1800),
            [new(2026, 11, 2)] = (4740, 4740, 0, 60),
            [new(2026, 11, 20)] = (5640, 5640, 0, 900),
        };
        var expected = new List<BurnDownDay>();
        (long Available, long Balance) end = (6600, 6600); // the two grants before Oct 22 in New York
        for (var day = new DateOnly(2026, 10, 22); day <= new DateOnly(2026, 11, 20); day = day.AddDays(1))
        {
            var (available, balance, consumed, granted) = changes.TryGetValue(day, out var change) ? change : (end.Available, end.Balance, 0, 0);
            expected.Add(new BurnDownDay(day, available, balance, consumed, granted));
            end = (available, balance);
        }
        Assert.Equal(30, expected.Count);
        Assert.Equal(expected, days);
        Assert.Equal(5640, (await (await owner.GetAsync("/api/v1/credits")).ReadAsync<CreditBalanceDto>()).AvailableSeconds);

        // A shorter window starts from everything before it.
        var week = await (await owner.GetAsync("/api/v1/credits/burn-down?days=7")).ReadAsync<List<BurnDownDay>>();
        Assert.Equal(expected[^7..], week);
    }
}

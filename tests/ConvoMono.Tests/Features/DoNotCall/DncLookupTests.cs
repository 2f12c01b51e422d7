using ConvoMono.Features.DoNotCall;
using ConvoMono.Infrastructure.Http;
using ConvoMono.Infrastructure.Phones;
using ConvoMono.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConvoMono.Tests.Features.DoNotCall;

public sealed class DncLookupTests(TestApps apps)
{
    [Theory, ClassData(typeof(BothDatabases))]
    public async Task The_lookup_is_the_union_of_the_clients_list_and_the_platforms_and_ignores_other_clients(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var a = await api.NewTenantAsync();
        using var b = await api.NewTenantAsync();
        using var admin = await api.AdminAsync();
        var lookup = api.Factory.Services.GetRequiredService<DncLookup>();
        var (aOnly, bOnly, platform, free) = (DncNumbers.NewUs(), DncNumbers.NewUs(), DncNumbers.NewUs(), DncNumbers.NewUs());
        (await a.Owner.PostJsonAsync("/api/v1/dnc", new { phone_number = aOnly })).EnsureSuccessStatusCode();
        (await b.Owner.PostJsonAsync("/api/v1/dnc", new { phone_number = bOnly })).EnsureSuccessStatusCode();
        (await admin.PostJsonAsync("/api/v1/admin/dnc", new { phone_number = platform })).EnsureSuccessStatusCode();

        var aKeys = await lookup.BlockedKeysAsync(a.Id, default);
        Assert.Contains(PhoneNormalizer.Key(aOnly), aKeys);
        Assert.Contains(PhoneNormalizer.Key(platform), aKeys);
        Assert.DoesNotContain(PhoneNormalizer.Key(bOnly), aKeys);
        Assert.DoesNotContain(PhoneNormalizer.Key(free), aKeys);
        var bKeys = await lookup.BlockedKeysAsync(b.Id, default);
        Assert.Contains(PhoneNormalizer.Key(bOnly), bKeys);
        Assert.Contains(PhoneNormalizer.Key(platform), bKeys);
        Assert.DoesNotContain(PhoneNormalizer.Key(aOnly), bKeys);

        Assert.Equal(new[] { aOnly, platform }.Order(), (await lookup.BlockedAsync(a.Id, [aOnly, bOnly, platform, free], default)).Order());
        Assert.Equal(new[] { bOnly, platform }.Order(), (await lookup.BlockedAsync(b.Id, [aOnly, bOnly, platform, free], default)).Order());
        Assert.Empty(await lookup.BlockedAsync(a.Id, [], default));
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task BlockedAsync_checks_long_lists_in_chunks_and_finds_exactly_the_blocked_ones(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        var lookup = api.Factory.Services.GetRequiredService<DncLookup>();
        var numbers = DncNumbers.ManyUs(1300);
        var blocked = numbers.Where((_, i) => i % 7 == 0).ToList();
        var report = await (await tenant.Owner.PostAsync("/api/v1/dnc/import", DncImportTests.Upload(string.Join('\n', blocked)))).ReadAsync<DncImportReport>();
        Assert.Equal(blocked.Count, report.Added);

        Assert.Equal(blocked.Order(), (await lookup.BlockedAsync(tenant.Id, numbers, default)).Order());
        Assert.Superset(blocked.Select(PhoneNormalizer.Key).ToHashSet(), await lookup.BlockedKeysAsync(tenant.Id, default));
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_number_added_from_a_call_is_listed_once_with_source_call(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        using var other = await api.NewTenantAsync();
        var lookup = api.Factory.Services.GetRequiredService<DncLookup>();
        var number = DncNumbers.NewUs();

        Assert.True(await lookup.AddFromCallAsync(tenant.Id, number, "Lead asked not to be called again", default));
        Assert.False(await lookup.AddFromCallAsync(tenant.Id, number, "again", default));
        var entry = Assert.Single((await (await tenant.Owner.GetAsync("/api/v1/dnc")).ReadAsync<Page<DncEntryDto>>()).Data);
        Assert.Equal((number, DncSource.Call, "Lead asked not to be called again"), (entry.PhoneNumber, entry.Source, entry.Reason));
        Assert.Empty((await (await other.Owner.GetAsync("/api/v1/dnc")).ReadAsync<Page<DncEntryDto>>()).Data);
        await Assert.ThrowsAsync<ArgumentException>(() => lookup.AddFromCallAsync(tenant.Id, "4155552671", null, default));
    }
}

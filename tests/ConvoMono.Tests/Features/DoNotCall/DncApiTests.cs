using System.Net;
using ConvoMono.Features.Audit;
using ConvoMono.Features.DoNotCall;
using ConvoMono.Infrastructure.Http;
using ConvoMono.Tests.Support;

namespace ConvoMono.Tests.Features.DoNotCall;

public sealed class DncApiTests(TestApps apps)
{
    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Numbers_in_national_and_international_format_are_stored_as_E164(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var us = await api.NewTenantAsync();
        using var gb = await api.NewTenantAsync();
        using var admin = await api.AdminAsync();
        (await admin.PatchJsonAsync($"/api/v1/admin/clients/{gb.Id}", new { default_country = "GB" })).EnsureSuccessStatusCode();

        var created = await us.Owner.PostJsonAsync("/api/v1/dnc", new { phone_number = "(415) 555-2671", reason = "Asked by email" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var entry = await created.ReadAsync<DncEntryDto>();
        Assert.Equal(("+14155552671", DncSource.Manual, "Asked by email"), (entry.PhoneNumber, entry.Source, entry.Reason));
        Assert.Equal("/api/v1/dnc/%2B14155552671", created.Headers.Location?.OriginalString);

        Assert.Equal("+442079460958", (await (await gb.Owner.PostJsonAsync("/api/v1/dnc", new { phone_number = "020 7946 0958" })).ReadAsync<DncEntryDto>()).PhoneNumber);
        Assert.Equal("+4930901820", (await (await gb.Owner.PostJsonAsync("/api/v1/dnc", new { phone_number = "+49 30 901820" })).ReadAsync<DncEntryDto>()).PhoneNumber);

        // The JSON carries the contract's field names and values.
        var json = await (await us.Owner.GetAsync("/api/v1/dnc")).Content.ReadAsStringAsync();
        Assert.Contains("\"phone_number\":\"+14155552671\"", json);
        Assert.Contains("\"source\":\"manual\"", json);
        Assert.Contains("\"created_at\":", json);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task An_invalid_number_is_400_on_phone_number_and_stores_nothing(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();

        foreach (var bad in new[] { "not a number", "123", "+1 900 555 0100" })
        {
            var problem = await (await tenant.Owner.PostJsonAsync("/api/v1/dnc", new { phone_number = bad })).ProblemAsync(400);
            Assert.Equal("dnc.invalid_phone_number", problem.Code());
            Assert.True(problem.GetProperty("errors").TryGetProperty("phone_number", out _), bad);
        }
        var missing = await (await tenant.Owner.PostJsonAsync("/api/v1/dnc", new { reason = "no number" })).ProblemAsync(400);
        Assert.True(missing.GetProperty("errors").TryGetProperty("phone_number", out _));
        Assert.Empty((await (await tenant.Owner.GetAsync("/api/v1/dnc")).ReadAsync<Page<DncEntryDto>>()).Data);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Adding_a_listed_number_again_answers_200_with_the_first_entry(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        var number = DncNumbers.NewUs();

        var first = await (await tenant.Owner.PostJsonAsync("/api/v1/dnc", new { phone_number = number, reason = "first" })).ReadAsync<DncEntryDto>();
        var again = await tenant.Owner.PostJsonAsync("/api/v1/dnc", new { phone_number = DncNumbers.National(number), reason = "second" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var existing = await again.ReadAsync<DncEntryDto>();
        Assert.Equal((first.Id, "first"), (existing.Id, existing.Reason));
        Assert.Single((await (await tenant.Owner.GetAsync("/api/v1/dnc")).ReadAsync<Page<DncEntryDto>>()).Data);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task The_list_pages_newest_first_and_searches_by_digits(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        var numbers = DncNumbers.ManyUs(5);
        foreach (var number in numbers)
            (await tenant.Owner.PostJsonAsync("/api/v1/dnc", new { phone_number = number, reason = "r " + number })).EnsureSuccessStatusCode();

        var first = await (await tenant.Owner.GetAsync("/api/v1/dnc?limit=2")).ReadAsync<Page<DncEntryDto>>();
        var second = await (await tenant.Owner.GetAsync($"/api/v1/dnc?limit=2&cursor={first.NextCursor}")).ReadAsync<Page<DncEntryDto>>();
        var third = await (await tenant.Owner.GetAsync($"/api/v1/dnc?limit=2&cursor={second.NextCursor}")).ReadAsync<Page<DncEntryDto>>();
        Assert.Null(third.NextCursor);
        Assert.Equal(Enumerable.Reverse(numbers), first.Data.Concat(second.Data).Concat(third.Data).Select(e => e.PhoneNumber));

        // Formatting in the search is ignored: "(646) 2" finds +16462…
        var target = numbers[2];
        var found = await (await tenant.Owner.GetAsync($"/api/v1/dnc?search={Uri.EscapeDataString(DncNumbers.National(target))}")).ReadAsync<Page<DncEntryDto>>();
        Assert.Equal(target, Assert.Single(found.Data).PhoneNumber);
        var partial = await (await tenant.Owner.GetAsync($"/api/v1/dnc?search={Uri.EscapeDataString(target[^7..^4] + "-" + target[^4..])}")).ReadAsync<Page<DncEntryDto>>();
        Assert.Contains(partial.Data, e => e.PhoneNumber == target);
        Assert.Empty((await (await tenant.Owner.GetAsync("/api/v1/dnc?search=999999999999")).ReadAsync<Page<DncEntryDto>>()).Data);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Delete_takes_E164_encoded_or_not_or_national_and_404s_when_not_listed(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        var (a, b, c) = (DncNumbers.NewUs(), DncNumbers.NewUs(), DncNumbers.NewUs());
        foreach (var number in new[] { a, b, c })
            (await tenant.Owner.PostJsonAsync("/api/v1/dnc", new { phone_number = number })).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Owner.DeleteAsync($"/api/v1/dnc/{a}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Owner.DeleteAsync($"/api/v1/dnc/{Uri.EscapeDataString(b)}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Owner.DeleteAsync($"/api/v1/dnc/{Uri.EscapeDataString(DncNumbers.National(c))}")).StatusCode);
        await (await tenant.Owner.DeleteAsync($"/api/v1/dnc/{Uri.EscapeDataString(a)}")).ProblemAsync(404);
        Assert.Equal("dnc.invalid_phone_number", (await (await tenant.Owner.DeleteAsync("/api/v1/dnc/abc")).ProblemAsync(400)).Code());
        Assert.Empty((await (await tenant.Owner.GetAsync("/api/v1/dnc")).ReadAsync<Page<DncEntryDto>>()).Data);

        using var admin = await api.AdminAsync();
        var audit = await (await admin.GetAsync($"/api/v1/admin/audit?client_id={tenant.Id}")).ReadAsync<Page<AuditEntryDto>>();
        Assert.Equal(3, audit.Data.Count(e => e.Action == "dnc.removed"));
        Assert.Equal(3, audit.Data.Count(e => e.Action == "dnc.added"));
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Another_tenant_can_neither_see_nor_delete_the_list(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var a = await api.NewTenantAsync();
        using var b = await api.NewTenantAsync();
        var number = DncNumbers.NewUs();
        (await a.Owner.PostJsonAsync("/api/v1/dnc", new { phone_number = number })).EnsureSuccessStatusCode();

        Assert.Empty((await (await b.Owner.GetAsync("/api/v1/dnc")).ReadAsync<Page<DncEntryDto>>()).Data);
        Assert.Empty((await (await b.Owner.GetAsync($"/api/v1/dnc?search={number[1..]}")).ReadAsync<Page<DncEntryDto>>()).Data);
        await (await b.Owner.DeleteAsync($"/api/v1/dnc/{Uri.EscapeDataString(number)}")).ProblemAsync(404);

        // B listing the same number makes B's own entry, and leaves A's alone.
        Assert.Equal(HttpStatusCode.Created, (await b.Owner.PostJsonAsync("/api/v1/dnc", new { phone_number = number })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await b.Owner.DeleteAsync($"/api/v1/dnc/{Uri.EscapeDataString(number)}")).StatusCode);
        Assert.Equal(number, Assert.Single((await (await a.Owner.GetAsync("/api/v1/dnc")).ReadAsync<Page<DncEntryDto>>()).Data).PhoneNumber);
        await (await api.Anonymous().GetAsync("/api/v1/dnc")).ProblemAsync(401);
    }
}

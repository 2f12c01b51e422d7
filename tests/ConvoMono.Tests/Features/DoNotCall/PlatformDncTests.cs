using System.Net;
using ConvoMono.Features.Audit;
using ConvoMono.Features.DoNotCall;
using ConvoMono.Infrastructure.Http;
using ConvoMono.Tests.Support;

namespace ConvoMono.Tests.Features.DoNotCall;

public sealed class PlatformDncTests(TestApps apps)
{
    [Theory, ClassData(typeof(BothDatabases))]
    public async Task The_super_admin_keeps_the_platform_list_and_every_change_is_audited(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var admin = await api.AdminAsync();
        var (manual, national, imported) = (DncNumbers.NewUs(), DncNumbers.NewUs(), DncNumbers.NewUs());

        var created = await admin.PostJsonAsync("/api/v1/admin/dnc", new { phone_number = manual, reason = "Regulator complaint" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal((manual, DncSource.Manual), await created.ReadAsync<DncEntryDto>() is var e ? (e.PhoneNumber, e.Source) : default);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostJsonAsync("/api/v1/admin/dnc", new { phone_number = manual })).StatusCode);

        // Without a country only international numbers are understood; with one, national ones too.
        var problem = await (await admin.PostJsonAsync("/api/v1/admin/dnc", new { phone_number = DncNumbers.National(national) })).ProblemAsync(400);
        Assert.Contains("international format", problem.GetProperty("detail").GetString());
        var fromNational = await (await admin.PostJsonAsync("/api/v1/admin/dnc", new { phone_number = DncNumbers.National(national), default_country = "US" })).ReadAsync<DncEntryDto>();
        Assert.Equal(national, fromNational.PhoneNumber);

        var report = await (await admin.PostAsync("/api/v1/admin/dnc/import", DncImportTests.Upload($"phone_number\n{imported}\n{manual}\n020 7946 0958\n"))).ReadAsync<DncImportReport>();
        Assert.Equal((1, 1, 1), (report.Added, report.AlreadyListed, report.Invalid));

        var found = await (await admin.GetAsync($"/api/v1/admin/dnc?search={imported[1..]}")).ReadAsync<Page<DncEntryDto>>();
        Assert.Equal((imported, DncSource.Import), Assert.Single(found.Data) is var f ? (f.PhoneNumber, f.Source) : default);
        var newest = await (await admin.GetAsync("/api/v1/admin/dnc?limit=1")).ReadAsync<Page<DncEntryDto>>();
        Assert.NotNull(newest.NextCursor);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/admin/dnc/{Uri.EscapeDataString(manual)}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/admin/dnc/{Uri.EscapeDataString(DncNumbers.National(national))}?default_country=US")).StatusCode);
        await (await admin.DeleteAsync($"/api/v1/admin/dnc/{Uri.EscapeDataString(manual)}")).ProblemAsync(404);

        var audit = await (await admin.GetAsync("/api/v1/admin/audit?limit=500")).ReadAsync<Page<AuditEntryDto>>();
        Assert.Contains(audit.Data, a => a.Action == "platform_dnc.added" && a.TargetId == manual && a.ActorName == TestAppFactory.AdminEmail);
        Assert.Contains(audit.Data, a => a.Action == "platform_dnc.added" && a.TargetId == national);
        Assert.Contains(audit.Data, a => a.Action == "platform_dnc.removed" && a.TargetId == manual);
        Assert.Contains(audit.Data, a => a.Action == "platform_dnc.removed" && a.TargetId == national);
        Assert.Contains(audit.Data, a => a.Action == "platform_dnc.imported" && a.After!.Contains("\"added\":1"));
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Clients_cannot_read_or_change_the_platform_list(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        using var admin = await api.AdminAsync();
        var number = DncNumbers.NewUs();
        (await admin.PostJsonAsync("/api/v1/admin/dnc", new { phone_number = number })).EnsureSuccessStatusCode();

        await (await tenant.Owner.GetAsync("/api/v1/admin/dnc")).ProblemAsync(403);
        await (await tenant.Owner.PostJsonAsync("/api/v1/admin/dnc", new { phone_number = DncNumbers.NewUs() })).ProblemAsync(403);
        await (await tenant.Owner.PostAsync("/api/v1/admin/dnc/import", DncImportTests.Upload(DncNumbers.NewUs()))).ProblemAsync(403);
        await (await tenant.Owner.DeleteAsync($"/api/v1/admin/dnc/{Uri.EscapeDataString(number)}")).ProblemAsync(403);
        // The client's own list does not show platform numbers, and cannot delete them.
        Assert.Empty((await (await tenant.Owner.GetAsync("/api/v1/dnc")).ReadAsync<Page<DncEntryDto>>()).Data);
        await (await tenant.Owner.DeleteAsync($"/api/v1/dnc/{Uri.EscapeDataString(number)}")).ProblemAsync(404);
        // And the super admin has no client list of its own.
        await (await admin.GetAsync("/api/v1/dnc")).ProblemAsync(403);

        var still = await (await admin.GetAsync($"/api/v1/admin/dnc?search={number[1..]}")).ReadAsync<Page<DncEntryDto>>();
        Assert.Single(still.Data);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ConvoMono.Features.Auth;
using ConvoMono.Features.Leads;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Http;
using ConvoMono.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ConvoMono.Tests.Features.Leads;

/// <summary>Imports past the inline size go to the background worker (run here through RunOnceAsync), report progress,
/// and can be cancelled or undone. A host with small limits shares the database of the usual test host.</summary>
public sealed class LeadBackgroundImportTests(TestApps apps)
{
    private static string Csv(int rows, int first = 0) =>
        "phone,first_name\n" + string.Concat(Enumerable.Range(first, rows).Select(i => $"+1 201 555 {i:D4},Lead {i}\n"));

    private static async Task<(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> Host, HttpClient Owner, TestTenant Tenant)> HostAsync(TestApi api)
    {
        var tenant = await api.NewTenantAsync();
        var host = api.Factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Leads:InlineMaxBytes", "0");
            b.UseSetting("Leads:BatchSize", "100");
            b.UseSetting("Leads:SqliteCommitRows", "100");
            b.UseSetting("Leads:MaxFileBytes", "60000");
        });
        var owner = host.CreateClient();
        var token = await (await owner.PostJsonAsync("/api/v1/auth/token", new { email = tenant.OwnerEmail, password = TestApi.Password })).ReadAsync<IssueTokenResponse>();
        owner.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        return (host, owner, tenant);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_large_file_is_imported_in_the_background_and_can_be_undone_while_undialed(Db db)
    {
        var api = await apps.ApiAsync(db);
        var (host, owner, tenant) = await HostAsync(api);
        await using var _ = host;
        using var __ = tenant;
        var campaign = await LeadImportTests.CampaignAsync(owner);
        var url = $"/api/v1/campaigns/{campaign.Id}/leads";

        var response = await owner.PostAsync(url + "/import", LeadImportTests.Form(Csv(450)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var queued = await response.ReadAsync<LeadImportDto>();
        Assert.Equal($"{url}/imports/{queued.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal((LeadImportStatus.Running, 0L), (queued.Status, queued.Imported));
        Assert.Equal("leads.import_running", (await (await owner.PostAsync(url + "/import", LeadImportTests.Form(Csv(5, 900)))).ProblemAsync(409)).Code());

        await ActivatorUtilities.CreateInstance<LeadImportWorker>(host.Services).RunOnceAsync(default);
        var done = await (await owner.GetAsync($"{url}/imports/{queued.Id}")).ReadAsync<LeadImportDto>();
        Assert.Equal((LeadImportStatus.Completed, 450L, 450L, 1.0), (done.Status, done.Imported, done.RowsRead, done.Progress));
        Assert.Equal(450, (await (await owner.GetAsync(url + "?limit=500")).ReadAsync<Page<LeadDto>>()).Data.Count);

        // Undo takes the leads away again, but only while none of them has been dialed.
        var second = await (await owner.PostAsync(url + "/import", LeadImportTests.Form(Csv(3, 900)))).ReadAsync<LeadImportDto>();
        await ActivatorUtilities.CreateInstance<LeadImportWorker>(host.Services).RunOnceAsync(default);
        await using (var ctx = host.Services.GetRequiredService<TenantDbFactory>().For(tenant.Id))
            await ctx.Leads.Where(l => l.ImportId == second.Id).Take(1).ExecuteUpdateAsync(u => u.SetProperty(l => l.Attempts, 1));
        Assert.Equal("leads.import_dialed", (await (await owner.PostAsync($"{url}/imports/{second.Id}/undo", null)).ProblemAsync(409)).Code());

        var undone = await (await owner.PostAsync($"{url}/imports/{queued.Id}/undo", null)).ReadAsync<LeadImportDto>();
        Assert.Equal(LeadImportStatus.Undone, undone.Status);
        Assert.Equal(3, (await (await owner.GetAsync(url + "?limit=500")).ReadAsync<Page<LeadDto>>()).Data.Count);
        await (await owner.PostAsync($"{url}/imports/{queued.Id}/undo", null)).ProblemAsync(409);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_cancelled_or_interrupted_import_leaves_no_leads_and_an_oversize_file_is_413(Db db)
    {
        var api = await apps.ApiAsync(db);
        var (host, owner, tenant) = await HostAsync(api);
        await using var _ = host;
        using var __ = tenant;
        var campaign = await LeadImportTests.CampaignAsync(owner);
        var url = $"/api/v1/campaigns/{campaign.Id}/leads";

        var queued = await (await owner.PostAsync(url + "/import", LeadImportTests.Form(Csv(300)))).ReadAsync<LeadImportDto>();
        var cancelling = await (await owner.PostAsync($"{url}/imports/{queued.Id}/cancel", null)).ReadAsync<LeadImportDto>();
        Assert.Equal(LeadImportStatus.Running, cancelling.Status);
        await ActivatorUtilities.CreateInstance<LeadImportWorker>(host.Services).RunOnceAsync(default);
        var cancelled = await (await owner.GetAsync($"{url}/imports/{queued.Id}")).ReadAsync<LeadImportDto>();
        Assert.Equal((LeadImportStatus.Cancelled, 0L), (cancelled.Status, cancelled.Imported));
        Assert.Empty((await (await owner.GetAsync(url)).ReadAsync<Page<LeadDto>>()).Data);
        await (await owner.PostAsync($"{url}/imports/{queued.Id}/cancel", null)).ProblemAsync(409);

        // An import whose instance died (no progress for long) is failed by the sweep, with nothing left behind.
        var orphan = await (await owner.PostAsync(url + "/import", LeadImportTests.Form(Csv(10)))).ReadAsync<LeadImportDto>();
        var later = new FakeTimeProvider(DateTimeOffset.UtcNow + LeadImportWorker.StaleAfter + TimeSpan.FromMinutes(1));
        await ActivatorUtilities.CreateInstance<LeadImportWorker>(host.Services, (TimeProvider)later).SweepStaleAsync(default);
        var failed = await (await owner.GetAsync($"{url}/imports/{orphan.Id}")).ReadAsync<LeadImportDto>();
        Assert.Equal(LeadImportStatus.Failed, failed.Status);
        Assert.Contains("interrupted", failed.Error);
        host.Services.GetRequiredService<LeadImportQueue>().Reader.TryRead(out var dropped); // the queued job of the "dead" instance
        if (dropped is not null) File.Delete(dropped.Path);

        var oversize = Encoding.UTF8.GetBytes(Csv(2_500));
        Assert.True(oversize.Length > 60_000);
        Assert.Equal("leads.file_too_large", (await (await owner.PostAsync(url + "/import", LeadImportTests.Form(oversize))).ProblemAsync(413)).Code());
        Assert.Empty((await (await owner.GetAsync(url)).ReadAsync<Page<LeadDto>>()).Data);
    }
}

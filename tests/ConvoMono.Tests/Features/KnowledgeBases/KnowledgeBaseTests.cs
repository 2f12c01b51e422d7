using System.Net;
using System.Text;
using ConvoMono.Features.Campaigns;
using ConvoMono.Features.KnowledgeBases;
using ConvoMono.Infrastructure.Http;
using ConvoMono.Infrastructure.Voice;
using ConvoMono.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ConvoMono.Tests.Features.KnowledgeBases.KnowledgeBaseApp;

namespace ConvoMono.Tests.Features.KnowledgeBases;

public sealed class KnowledgeBaseTests(TestApps apps)
{
    private static readonly byte[] Notes = Encoding.UTF8.GetBytes("Opening hours: 9 to 5, Monday to Friday.");

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_knowledge_base_from_a_file_a_text_and_a_url_is_created_in_retell_and_reaches_complete(Db db)
    {
        await using var app = await StartAsync(apps, db);
        var (tenant, owner) = await app.NewTenantAsync();
        using var owned = tenant;

        var response = await owner.PostAsync("/api/v1/knowledge-bases", Form("Product FAQ",
            files: [("../../notes.txt", Notes)], texts: [new { title = "Pricing", text = "Plans start at 10 USD a month." }],
            urls: ["https://example.com/faq"]));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadAsync<KnowledgeBaseDto>();
        Assert.Equal($"/api/v1/knowledge-bases/{created.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal((KnowledgeBaseStatus.InProgress, "Product FAQ", (string?)null), (created.Status, created.Name, created.Error));
        Assert.StartsWith("knowledge_base_", created.RetellKnowledgeBaseId);
        Assert.Equal([(KnowledgeSourceKind.File, "notes.txt", Notes.LongLength), (KnowledgeSourceKind.Text, "Pricing", 30L),
                (KnowledgeSourceKind.Url, "https://example.com/faq", 0L)],
            created.Sources.Select(s => (s.Kind, s.Name, s.SizeBytes)));
        Assert.Contains("\"status\":\"in_progress\"", await (await owner.GetAsync($"/api/v1/knowledge-bases/{created.Id}")).Content.ReadAsStringAsync());

        await app.SyncAsync(TimeSpan.FromSeconds(1)); // Retell is still indexing
        Assert.Equal(KnowledgeBaseStatus.InProgress, (await GetAsync(owner, created.Id)).Status);
        await app.SyncAsync(TimeSpan.FromSeconds(5));
        var complete = await GetAsync(owner, created.Id);
        Assert.Equal(KnowledgeBaseStatus.Complete, complete.Status);
        Assert.NotNull(complete.CompletedAt);

        var remote = await app.Retell.GetKnowledgeBaseAsync(created.RetellKnowledgeBaseId!, default);
        Assert.Equal(("complete", "Product FAQ"), (remote.Status, remote.KnowledgeBaseName));
        Assert.Equal(["document:notes.txt", "text:Pricing", "url:https://example.com/faq"],
            remote.KnowledgeBaseSources!.Select(s => s.Type + ":" + (s.Filename ?? s.Title ?? s.Url)).Order());

        var list = await (await owner.GetAsync("/api/v1/knowledge-bases")).ReadAsync<Page<KnowledgeBaseDto>>();
        Assert.Equal([created.Id], list.Data.Select(k => k.Id));
        await using var data = app.Db(tenant.Id);
        Assert.Equal(Notes, (await data.KnowledgeSources.SingleAsync(s => s.KnowledgeBaseId == created.Id && s.Kind == KnowledgeSourceKind.File)).Content);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Invalid_knowledge_bases_are_400_with_the_field_and_nothing_is_stored_or_sent(Db db)
    {
        await using var app = await StartAsync(apps, db);
        var (tenant, owner) = await app.NewTenantAsync();
        using var owned = tenant;
        var text = new[] { new { title = "T", text = "Some text" } };

        async Task RefusedAsync(MultipartFormDataContent form, string field)
        {
            var problem = await (await owner.PostAsync("/api/v1/knowledge-bases", form)).ProblemAsync(400);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no errors.{field} in {problem}");
        }

        await RefusedAsync(Form("Bad type", files: [("tool.exe", Notes)]), "files");
        await RefusedAsync(Form("Too big", files: [("big.pdf", new byte[KnowledgeBaseLimits.MaxFileBytes + 1])]), "files");
        await RefusedAsync(Form("Empty"), "sources");
        await RefusedAsync(Form(new string('n', 40), texts: text), "name");
        await RefusedAsync(Form("", texts: text), "name");
        await RefusedAsync(Form("Bad JSON", rawTexts: "[{\"title\": \"x\""), "texts");
        await RefusedAsync(Form("No title", texts: [new { title = "", text = "body" }]), "texts");
        await RefusedAsync(Form("Bad URL", urls: ["ftp://example.com/file"]), "urls");
        await RefusedAsync(Form("Not a URL", texts: text, urls: ["example.com"]), "urls");
        await RefusedAsync(Form("Too many", files: Enumerable.Range(0, 11).Select(i => ($"f{i}.txt", Notes))), "files");
        await (await owner.PostJsonAsync("/api/v1/knowledge-bases", new { name = "json" })).ProblemAsync(415);

        await using var data = app.Db(tenant.Id);
        Assert.Equal(0, await data.KnowledgeBases.CountAsync());
        Assert.Equal(0, await data.KnowledgeSources.CountAsync());
        Assert.Empty(app.Simulator.KnowledgeBases);
        var list = await (await owner.GetAsync("/api/v1/knowledge-bases")).ReadAsync<Page<KnowledgeBaseDto>>();
        Assert.Empty(list.Data);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task When_retell_fails_the_upload_is_kept_with_the_error_and_a_retry_reaches_complete(Db db)
    {
        await using var app = await StartAsync(apps, db);
        var (tenant, owner) = await app.NewTenantAsync();
        using var owned = tenant;

        app.Simulator.FailNext(1, 500);
        var failed = await (await owner.PostAsync("/api/v1/knowledge-bases", Form("Handbook", files: [("handbook.md", Notes)])))
            .ReadAsync<KnowledgeBaseDto>();
        Assert.Equal((KnowledgeBaseStatus.Error, (string?)null), (failed.Status, failed.RetellKnowledgeBaseId));
        Assert.Contains("500", failed.Error);
        Assert.Single(failed.Sources);
        await app.SyncAsync(TimeSpan.FromMinutes(5)); // the job leaves failed knowledge bases alone
        Assert.Equal(KnowledgeBaseStatus.Error, (await GetAsync(owner, failed.Id)).Status);

        var retried = await (await owner.PostAsync($"/api/v1/knowledge-bases/{failed.Id}/retry", null)).ReadAsync<KnowledgeBaseDto>();
        Assert.Equal((KnowledgeBaseStatus.InProgress, (string?)null), (retried.Status, retried.Error));
        Assert.NotNull(retried.RetellKnowledgeBaseId);
        Assert.Equal("knowledge_bases.not_failed", (await (await owner.PostAsync($"/api/v1/knowledge-bases/{failed.Id}/retry", null)).ProblemAsync(409)).Code());

        await app.SyncAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(KnowledgeBaseStatus.Complete, (await GetAsync(owner, failed.Id)).Status);
        var remote = await app.Retell.GetKnowledgeBaseAsync(retried.RetellKnowledgeBaseId!, default);
        Assert.Equal("handbook.md", Assert.Single(remote.KnowledgeBaseSources!).Filename);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_knowledge_base_the_request_could_not_send_is_sent_by_the_job_once_the_hold_lapses(Db db)
    {
        await using var app = await StartAsync(apps, db);
        var (tenant, owner) = await app.NewTenantAsync();
        using var owned = tenant;
        var created = await (await owner.PostAsync("/api/v1/knowledge-bases", Form("Orphan", texts: [new { title = "A", text = "B" }])))
            .ReadAsync<KnowledgeBaseDto>();
        // As if the request had died between storing and sending.
        await using (var data = app.Db(tenant.Id))
        {
            var now = app.Clock.GetUtcNow().UtcDateTime;
            await data.KnowledgeBases.Where(k => k.Id == created.Id).ExecuteUpdateAsync(s => s
                .SetProperty(k => k.RetellKnowledgeBaseId, (string?)null).SetProperty(k => k.NextCheckAt, now + KnowledgeBaseSync.HoldFor));
        }
        await app.SyncAsync(TimeSpan.FromSeconds(30));
        Assert.Null((await GetAsync(owner, created.Id)).RetellKnowledgeBaseId);

        await app.SyncAsync(KnowledgeBaseSync.HoldFor);
        var sent = await GetAsync(owner, created.Id);
        Assert.Equal(KnowledgeBaseStatus.InProgress, sent.Status);
        Assert.NotEqual(created.RetellKnowledgeBaseId, sent.RetellKnowledgeBaseId);
        await app.SyncAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(KnowledgeBaseStatus.Complete, (await GetAsync(owner, created.Id)).Status);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Another_client_gets_404_for_a_knowledge_base_and_does_not_list_it(Db db)
    {
        await using var app = await StartAsync(apps, db);
        var (a, ownerA) = await app.NewTenantAsync();
        var (b, ownerB) = await app.NewTenantAsync();
        using var ownedA = a;
        using var ownedB = b;
        app.Simulator.FailNext(1, 500);
        var kb = await (await ownerA.PostAsync("/api/v1/knowledge-bases", Form("Private", texts: [new { title = "A", text = "B" }])))
            .ReadAsync<KnowledgeBaseDto>();

        await (await ownerB.GetAsync($"/api/v1/knowledge-bases/{kb.Id}")).ProblemAsync(404);
        await (await ownerB.PostAsync($"/api/v1/knowledge-bases/{kb.Id}/retry", null)).ProblemAsync(404);
        await (await ownerB.DeleteAsync($"/api/v1/knowledge-bases/{kb.Id}")).ProblemAsync(404);
        Assert.Empty((await (await ownerB.GetAsync("/api/v1/knowledge-bases")).ReadAsync<Page<KnowledgeBaseDto>>()).Data);

        var still = await GetAsync(ownerA, kb.Id);
        Assert.Equal(KnowledgeBaseStatus.Error, still.Status); // B's retry did not run
        using var admin = await app.Api.AdminAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/api/v1/knowledge-bases")).StatusCode);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Delete_is_refused_while_a_running_campaign_uses_it_and_otherwise_removes_it_here_and_in_retell(Db db)
    {
        await using var app = await StartAsync(apps, db);
        var (tenant, owner) = await app.NewTenantAsync();
        using var owned = tenant;
        var kb = await (await owner.PostAsync("/api/v1/knowledge-bases", Form("Shared", texts: [new { title = "A", text = "B" }])))
            .ReadAsync<KnowledgeBaseDto>();
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var running = Campaign.Create(Settings("Spring promo", kb.Id), now);
        var draft = Campaign.Create(Settings("Draft", kb.Id), now);
        await using (var data = app.Db(tenant.Id))
        {
            data.Campaigns.AddRange(running, draft);
            await data.SaveChangesAsync();
            await data.Campaigns.Where(c => c.Id == running.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CampaignStatus.Running));
        }
        Assert.Equal(new[] { running.Id, draft.Id }.Order(), (await GetAsync(owner, kb.Id)).CampaignIds.Order());

        var refused = await (await owner.DeleteAsync($"/api/v1/knowledge-bases/{kb.Id}")).ProblemAsync(409);
        Assert.Equal("knowledge_bases.in_use", refused.Code());
        Assert.Contains("Spring promo", refused.GetProperty("detail").GetString());
        Assert.Equal("in_progress", (await app.Retell.GetKnowledgeBaseAsync(kb.RetellKnowledgeBaseId!, default)).Status);

        await using (var data = app.Db(tenant.Id))
            await data.Campaigns.Where(c => c.Id == running.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CampaignStatus.Paused));
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/v1/knowledge-bases/{kb.Id}")).StatusCode);

        await (await owner.GetAsync($"/api/v1/knowledge-bases/{kb.Id}")).ProblemAsync(404);
        var gone = await Assert.ThrowsAsync<RetellApiException>(() => app.Retell.GetKnowledgeBaseAsync(kb.RetellKnowledgeBaseId!, default));
        Assert.True(gone.IsNotFound);
        await using (var data = app.Db(tenant.Id))
        {
            Assert.Equal(0, await data.KnowledgeSources.CountAsync(s => s.KnowledgeBaseId == kb.Id));
            var campaigns = await data.Campaigns.AsNoTracking().ToListAsync();
            Assert.All(campaigns, c => Assert.DoesNotContain(kb.Id, c.KnowledgeBaseIds));
            // Detaching changed their script, so their Retell copies were brought up to date at once.
            Assert.All(campaigns, c => Assert.Equal((CampaignSyncStatus.Synced, c.ConfigVersion), (c.SyncStatus, c.SyncedVersion)));
        }
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_knowledge_base_already_gone_in_retell_is_still_deleted(Db db)
    {
        await using var app = await StartAsync(apps, db);
        var (tenant, owner) = await app.NewTenantAsync();
        using var owned = tenant;
        var kb = await (await owner.PostAsync("/api/v1/knowledge-bases", Form("Gone", urls: ["https://example.com/"])))
            .ReadAsync<KnowledgeBaseDto>();
        await app.Retell.DeleteKnowledgeBaseAsync(kb.RetellKnowledgeBaseId!, default);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/v1/knowledge-bases/{kb.Id}")).StatusCode);
        await (await owner.GetAsync($"/api/v1/knowledge-bases/{kb.Id}")).ProblemAsync(404);
    }

    [Fact]
    public async Task Several_sync_job_instances_never_check_the_same_knowledge_base_twice_in_a_pass()
    {
        await using var app = await StartAsync(apps, Db.Postgres);
        var (tenant, owner) = await app.NewTenantAsync();
        using var owned = tenant;
        for (var i = 0; i < 5; i++)
            await owner.PostAsync("/api/v1/knowledge-bases", Form($"Parallel {i}", texts: [new { title = "A", text = "B" }]));
        app.Clock.Advance(TimeSpan.FromSeconds(2.5)); // due for a first check, still indexing in Retell
        var now = app.Clock.GetUtcNow().UtcDateTime;
        int due;
        await using (var data = app.Db(tenant.Id))
            due = await data.KnowledgeBases.IgnoreQueryFilters().CountAsync(k => k.Status == KnowledgeBaseStatus.InProgress && k.NextCheckAt <= now);
        var requests = app.Simulator.Requests;

        var jobs = Enumerable.Range(0, 4).Select(_ => ActivatorUtilities.CreateInstance<KnowledgeBaseSyncJob>(app.Services)).ToList();
        var worked = await Task.WhenAll(jobs.Select(j => Task.Run(() => j.RunOnceAsync(default))));

        Assert.True(due >= 5);
        Assert.Equal(due, worked.Sum());
        Assert.Equal(due, app.Simulator.Requests - requests); // one get-knowledge-base per knowledge base
    }

    [Fact]
    public void File_names_lose_their_paths_and_checks_back_off_between_2_seconds_and_a_minute()
    {
        Assert.Equal("x.txt", KnowledgeBaseRules.SafeFileName("../../x.txt"));
        Assert.Equal("x.txt", KnowledgeBaseRules.SafeFileName(@"C:\Users\a\x.txt"));
        Assert.Equal("", KnowledgeBaseRules.SafeFileName(".."));
        Assert.Equal(TimeSpan.FromSeconds(2), KnowledgeBaseSync.CheckInterval(TimeSpan.FromSeconds(3)));
        Assert.Equal(TimeSpan.FromSeconds(10), KnowledgeBaseSync.CheckInterval(TimeSpan.FromSeconds(40)));
        Assert.Equal(TimeSpan.FromMinutes(1), KnowledgeBaseSync.CheckInterval(TimeSpan.FromMinutes(20)));
    }

    private static async Task<KnowledgeBaseDto> GetAsync(HttpClient owner, Guid id) =>
        await (await owner.GetAsync($"/api/v1/knowledge-bases/{id}")).ReadAsync<KnowledgeBaseDto>();

    private static CampaignSettings Settings(string name, Guid knowledgeBaseId) => new()
    {
        Name = name, GeneralPrompt = "You call to tell about our offer.", VoiceId = "retell-Cimo", KnowledgeBaseIds = [knowledgeBaseId],
    };
}

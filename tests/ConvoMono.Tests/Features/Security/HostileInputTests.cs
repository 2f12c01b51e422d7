using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ConvoMono.Features.Auth;
using ConvoMono.Features.Campaigns;
using ConvoMono.Features.Leads;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Http;
using ConvoMono.Tests.Features.Leads;
using ConvoMono.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConvoMono.Tests.Features.Security;

/// <summary>Hostile input, each refused with a clear error that writes nothing, the app answering normally meanwhile.
/// (Feature tests cover the rest: malformed and binary lead files in LeadImportTests, knowledge base uploads and file
/// names in KnowledgeBaseTests, bad webhook signatures in RetellWebhookIntakeTests.)</summary>
public sealed class HostileInputTests(TestApps apps)
{
    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Oversized_malformed_deeply_nested_and_mistyped_JSON_is_refused_and_writes_nothing(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        async Task<string> RefusedAsync(string json, int status, string contentType = "application/json")
        {
            using var content = new StringContent(json, Encoding.UTF8, contentType);
            return (await (await tenant.Owner.PostAsync("/api/v1/campaigns", content)).ProblemAsync(status)).Code();
        }

        Assert.Equal("request.too_large", await RefusedAsync($"{{\"name\":\"Big\",\"general_prompt\":\"{new string('a', 2 * 1024 * 1024)}\"}}", 413));
        await RefusedAsync("{\"name\": \"Cut", 400);
        await RefusedAsync("{\"name\": " + new string('[', 5_000) + new string(']', 5_000) + "}", 400);
        await RefusedAsync("{\"name\": 12, \"general_prompt\": {\"a\": 1}}", 400);
        await RefusedAsync("\u0000\u0001\u0002binary", 400);
        await RefusedAsync("{\"name\": \"Plain\"}", 415, "text/plain");
        Assert.Empty((await (await tenant.Owner.GetAsync("/api/v1/campaigns")).ReadAsync<Page<CampaignDto>>()).Data);
    }

    [Fact]
    public async Task A_chunked_body_past_the_limit_is_cut_off_with_413_on_a_real_server()
    {
        await using var app = new KestrelApp(("RequestLimits:MaxBodyBytes", "65536"), ("Bootstrap:AdminEmail", "admin@limits.local"),
            ("Bootstrap:AdminPassword", "Admin-Passw0rd!"));
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var token = await (await http.PostJsonAsync("/api/v1/auth/token", new { email = "admin@limits.local", password = "Admin-Passw0rd!" }))
            .ReadAsync<IssueTokenResponse>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        var body = Encoding.UTF8.GetBytes($"{{\"name\":\"{new string('x', 200_000)}\",\"billing_rate_per_minute\":0.2}}");
        using var chunked = new StreamContent(new MemoryStream(body)); // no length: sent chunked
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        chunked.Headers.ContentLength = null;
        var response = await http.PostAsync("/api/v1/admin/clients", chunked);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/admin/clients")).StatusCode);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task CSV_bombs_a_huge_line_and_a_million_columns_are_refused_quickly_and_write_nothing(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        var campaign = await LeadImportTests.CampaignAsync(tenant.Owner);
        var url = $"/api/v1/campaigns/{campaign.Id}/leads/import";
        var clock = Stopwatch.StartNew();
        var longLine = await (await tenant.Owner.PostAsync(url, LeadImportTests.Form("phone,notes\n2015550100," + new string('x', 1_500_000) + "\n")))
            .ProblemAsync(400);
        Assert.Contains("longer than 1 MB", longLine.GetProperty("detail").GetString());
        var wide = new StringBuilder("phone", 2_100_000);
        for (var i = 0; i < 1_000_000; i++) wide.Append(",c");
        var columns = await (await tenant.Owner.PostAsync(url, LeadImportTests.Form(wide.Append("\n2015550100\n").ToString()))).ProblemAsync(400);
        Assert.Equal("leads.header_too_long", columns.Code());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Empty(await LeadImportTests.LeadsAsync(tenant.Owner, campaign.Id));
        Assert.Empty((await (await tenant.Owner.GetAsync($"/api/v1/campaigns/{campaign.Id}/leads/imports")).ReadAsync<Page<LeadImportDto>>()).Data);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_flood_of_badly_signed_webhooks_is_refused_stores_nothing_and_the_app_keeps_answering(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        using var http = api.Anonymous();
        var run = Guid.NewGuid().ToString("N");
        var flood = Enumerable.Range(0, 1_000).Select(async i =>
        {
            var body = $"{{\"event\":\"call_ended\",\"call\":{{\"call_id\":\"flood_{run}_{i}\"}}}}";
            using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/retell") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("x-retell-signature", $"v={DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()},d={new string('0', 64)}");
            return (await http.SendAsync(request)).StatusCode;
        }).ToList();
        // Meanwhile the client's own requests are answered.
        var during = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await tenant.Owner.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        var answeredIn = during.Elapsed;
        Assert.All(await Task.WhenAll(flood), status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.True(answeredIn < TimeSpan.FromSeconds(10), $"answered in {answeredIn}");
        await using var data = api.Factory.Services.GetRequiredService<TenantDbFactory>().Platform();
        Assert.Equal(0, await data.WebhookEvents.CountAsync(e => e.ProviderCallId!.StartsWith("flood_" + run)));
    }
}

using System.Net;
using System.Net.Http.Headers;
using ConvoMono.Features.ApiKeys;
using ConvoMono.Infrastructure.Telemetry;
using ConvoMono.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ConvoMono.Tests.Features.Security;

/// <summary>Rate limits, security headers and the metrics endpoint. The limits are tested on a second app instance on the
/// same database with small limits (the shared test apps lift them: every test signs in from one address).</summary>
public sealed class SecurityTests(TestApps apps)
{
    private static WebApplicationFactory<Program> Limited(TestAppFactory app, params (string Key, string Value)[] settings) =>
        app.WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in settings) b.UseSetting(key, value);
        });

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Token_requests_past_the_limit_per_IP_get_429_with_Retry_After_and_reach_nothing(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        await using var limited = Limited(api.Factory, ("RateLimits:SignInPerMinute", "3"));
        using var http = limited.CreateClient();
        for (var i = 0; i < 3; i++)
            await (await http.PostJsonAsync("/api/v1/auth/token", new { email = tenant.OwnerEmail, password = "wrong-Passw0rd" })).ProblemAsync(401);
        var refused = await http.PostJsonAsync("/api/v1/auth/token", new { email = tenant.OwnerEmail, password = TestApi.Password });
        Assert.True(refused.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 and <= 60 }, refused.Headers.RetryAfter?.ToString());
        Assert.Equal("rate_limited", (await refused.ProblemAsync(429)).Code());
        // The right password was never checked, so it still works on an instance with room (and was not counted as a failure).
        Assert.False(string.IsNullOrEmpty((await api.TokenAsync(tenant.OwnerEmail, TestApi.Password)).AccessToken));
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task API_keys_are_limited_per_key_and_per_IP_and_invalid_keys_count_for_the_IP(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        var a = await (await tenant.Owner.PostJsonAsync("/api/v1/api-keys", new { name = "A" })).ReadAsync<CreatedApiKeyDto>();
        var b = await (await tenant.Owner.PostJsonAsync("/api/v1/api-keys", new { name = "B" })).ReadAsync<CreatedApiKeyDto>();
        await using var limited = Limited(api.Factory, ("RateLimits:ApiKeyPerMinute", "4"), ("RateLimits:ApiKeyPerIpPerMinute", "7"));
        HttpClient With(string secret)
        {
            var http = limited.CreateClient();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
            return http;
        }
        using var keyA = With(a.Secret);
        using var keyB = With(b.Secret);
        using var guess = With("cm_live_" + new string('x', 43));
        for (var i = 0; i < 4; i++) Assert.Equal(HttpStatusCode.OK, (await keyA.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal("rate_limited", (await (await keyA.GetAsync("/api/v1/me")).ProblemAsync(429)).Code()); // key A: 5th of 4
        Assert.Equal(HttpStatusCode.OK, (await keyB.GetAsync("/api/v1/me")).StatusCode);                  // IP: 5th of 7 (the refused one counted)
        await (await guess.GetAsync("/api/v1/me")).ProblemAsync(401);                                       // IP: 6th
        await (await guess.GetAsync("/api/v1/me")).ProblemAsync(401);                                       // IP: 7th
        await (await keyB.GetAsync("/api/v1/me")).ProblemAsync(429);                                        // IP: 8th of 7
        await (await guess.GetAsync("/api/v1/me")).ProblemAsync(429);
        // Cookie and access-token traffic is not counted against keys.
        using var owner = limited.CreateClient();
        owner.DefaultRequestHeaders.Authorization = tenant.Owner.DefaultRequestHeaders.Authorization;
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task Every_response_carries_the_security_headers_and_pages_a_content_security_policy()
    {
        var api = await apps.ApiAsync(Db.Sqlite);
        using var http = api.Anonymous();
        var page = await http.GetAsync("/signin");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self';", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", Assert.Single(page.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(page.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(page.Headers.GetValues("Referrer-Policy")));
        var problem = await http.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, problem.StatusCode);
        Assert.Equal("nosniff", Assert.Single(problem.Headers.GetValues("X-Content-Type-Options")));
        Assert.Contains("frame-ancestors 'none'", string.Join(";", problem.Headers.GetValues("Content-Security-Policy")));
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Metrics_are_exported_for_Prometheus_with_the_ledger_operations_and_the_inbox_gauges(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var admin = await api.AdminAsync();
        using var tenant = await api.NewTenantAsync();
        (await admin.PostJsonAsync($"/api/v1/admin/clients/{tenant.Id}/credits", new { kind = "grant", minutes = 5 })).EnsureSuccessStatusCode();
        await ActivatorUtilities.CreateInstance<MetricsSnapshotJob>(api.Factory.Services).RunOnceAsync(default); // jobs are off in the test host
        using var http = api.Anonymous();
        var text = await http.GetStringAsync(TelemetryModule.MetricsPath);
        Assert.Matches("convomono_ledger_operations_total\\{[^}]*kind=\"grant\"[^}]*\\} [1-9]", text);
        Assert.Contains("convomono_webhooks_inbox_depth", text);
        Assert.Contains("convomono_calls_in_flight", text);
        Assert.Contains("http_server_request_duration_seconds", text);

        // With a scrape token, only the scraper that sends it reads the metrics.
        await using var guarded = Limited(api.Factory, ("Metrics:ScrapeToken", "scrape-secret"));
        using var stranger = guarded.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync(TelemetryModule.MetricsPath)).StatusCode);
        using var scraper = guarded.CreateClient();
        scraper.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "scrape-secret");
        Assert.Equal(HttpStatusCode.OK, (await scraper.GetAsync(TelemetryModule.MetricsPath)).StatusCode);
    }
}

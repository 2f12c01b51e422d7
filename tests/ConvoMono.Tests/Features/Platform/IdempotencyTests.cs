using System.Net;
using System.Net.Http.Json;
using ConvoMono.Features.ApiKeys;
using ConvoMono.Features.Clients;
using ConvoMono.Infrastructure.Http;
using ConvoMono.Tests.Support;

namespace ConvoMono.Tests.Features.Platform;

public sealed class IdempotencyTests(TestApps apps)
{
    private static HttpRequestMessage Post(string url, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body, options: Json.Options) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_retried_create_with_the_same_key_returns_the_first_response_and_creates_once(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        var key = Guid.NewGuid().ToString();

        var first = await tenant.Owner.SendAsync(Post("/api/v1/api-keys", new { name = "once" }, key));
        var retry = await tenant.Owner.SendAsync(Post("/api/v1/api-keys", new { name = "once" }, key));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal((await first.ReadAsync<CreatedApiKeyDto>()).Secret, (await retry.ReadAsync<CreatedApiKeyDto>()).Secret);
        Assert.Single((await (await tenant.Owner.GetAsync("/api/v1/api-keys")).ReadAsync<Page<ApiKeyDto>>()).Data);

        // Without a key, or with a new one, a POST runs again.
        await (await tenant.Owner.SendAsync(Post("/api/v1/api-keys", new { name = "once" }, Guid.NewGuid().ToString()))).ReadAsync<CreatedApiKeyDto>();
        Assert.Equal(2, (await (await tenant.Owner.GetAsync("/api/v1/api-keys")).ReadAsync<Page<ApiKeyDto>>()).Data.Count);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task The_same_key_with_a_different_body_is_refused(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        var key = Guid.NewGuid().ToString();
        await (await tenant.Owner.SendAsync(Post("/api/v1/api-keys", new { name = "first" }, key))).ReadAsync<CreatedApiKeyDto>();

        var reused = await (await tenant.Owner.SendAsync(Post("/api/v1/api-keys", new { name = "second" }, key))).ProblemAsync(422);
        Assert.Equal("idempotency.key_reused", reused.Code());
        Assert.Single((await (await tenant.Owner.GetAsync("/api/v1/api-keys")).ReadAsync<Page<ApiKeyDto>>()).Data);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Keys_are_per_caller_so_two_tenants_can_use_the_same_key(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var a = await api.NewTenantAsync();
        using var b = await api.NewTenantAsync();
        var key = Guid.NewGuid().ToString();
        var fromA = await (await a.Owner.SendAsync(Post("/api/v1/api-keys", new { name = "same" }, key))).ReadAsync<CreatedApiKeyDto>();
        var fromB = await (await b.Owner.SendAsync(Post("/api/v1/api-keys", new { name = "same" }, key))).ReadAsync<CreatedApiKeyDto>();
        Assert.NotEqual(fromA.Id, fromB.Id);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_failed_request_is_not_remembered_so_a_corrected_retry_runs(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var admin = await api.AdminAsync();
        var key = Guid.NewGuid().ToString();
        var body = new
        {
            name = "Idem " + Guid.NewGuid().ToString("N"), billing_rate_per_minute = 0.2m, owner_email = TestApi.UniqueEmail(), owner_password = TestApi.Password,
        };
        var first = await admin.SendAsync(Post("/api/v1/admin/clients", body, key));
        var retry = await admin.SendAsync(Post("/api/v1/admin/clients", body, key));
        Assert.Equal((await first.ReadAsync<ClientDto>()).Id, (await retry.ReadAsync<ClientDto>()).Id);
    }
}

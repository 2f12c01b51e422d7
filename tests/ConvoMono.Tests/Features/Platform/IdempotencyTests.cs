using System.Net;
using System.Net.Http.Json;
using ConvoMono.Features.ApiKeys;
using ConvoMono.Features.Clients;
using ConvoMono.Infrastructure.Http;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using System.Text;

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
        using var admin = await api.AdminAsync();
        var key = Guid.NewGuid().ToString();
        var name = "Idem " + Guid.NewGuid().ToString("N");
        var body = new { name, billing_rate_per_minute = 0.2m, owner_email = TestApi.UniqueEmail(), owner_password = TestApi.Password };

        var first = await admin.SendAsync(Post("/api/v1/admin/clients", body, key));
        var retry = await admin.SendAsync(Post("/api/v1/admin/clients", body, key));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal((await first.ReadAsync<ClientDto>()).Id, (await retry.ReadAsync<ClientDto>()).Id);
        Assert.Single((await (await admin.GetAsync($"/api/v1/admin/clients?search={name}")).ReadAsync<Page<ClientDto>>()).Data);

        // With a new key the same body runs again (and is refused: the owner's email is taken by the first).
        Assert.Equal("users.email_taken", (await (await admin.SendAsync(Post("/api/v1/admin/clients", body, Guid.NewGuid().ToString()))).ProblemAsync(409)).Code());
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_retried_api_key_creation_never_gets_the_secret_again_and_creates_one_key(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        var key = Guid.NewGuid().ToString();

        var first = await tenant.Owner.SendAsync(Post("/api/v1/api-keys", new { name = "once" }, key));
        var created = await first.ReadAsync<CreatedApiKeyDto>();
        Assert.StartsWith("cm_live_", created.Secret);
        var retry = await tenant.Owner.SendAsync(Post("/api/v1/api-keys", new { name = "once" }, key));

        var problem = await retry.ProblemAsync(409);
        Assert.Equal("idempotency.secret_not_replayed", problem.Code());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.DoesNotContain(created.Secret, await retry.Content.ReadAsStringAsync());
        Assert.Single((await (await tenant.Owner.GetAsync("/api/v1/api-keys")).ReadAsync<Page<ApiKeyDto>>()).Data);

        // Stored only as a hash: the remembered response holds no secret either.
        await using var store = await api.Factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var remembered = await store.IdempotencyRecords.AsNoTracking().Where(r => r.Key == key).Select(r => r.ResponseBody).SingleAsync();
        Assert.DoesNotContain(created.Secret, Encoding.UTF8.GetString(remembered!));

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
}

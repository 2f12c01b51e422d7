using System.Net;
using ConvoMono.Features.ApiKeys;
using ConvoMono.Features.Auth;
using ConvoMono.Infrastructure.Http;
using ConvoMono.Tests.Support;

namespace ConvoMono.Tests.Features.ApiKeys;

public sealed class ApiKeyTests(TestApps apps)
{
    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_key_is_shown_once_works_as_the_client_and_stops_working_when_revoked(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();

        var created = await (await tenant.Owner.PostJsonAsync("/api/v1/api-keys", new { name = "CRM sync" })).ReadAsync<CreatedApiKeyDto>();
        Assert.StartsWith("cm_live_", created.Secret);
        Assert.True(created.Secret.Length > 40);
        Assert.StartsWith(created.Prefix, created.Secret);

        using var key = api.WithBearer(created.Secret);
        var me = await (await key.GetAsync("/api/v1/me")).ReadAsync<MeResponse>();
        Assert.Equal(tenant.Id, me.ClientId);
        Assert.Equal(created.Id, me.ApiKeyId);
        Assert.Equal("client_member", me.Role);
        Assert.Null(me.UserId);

        // The list never carries the secret, and shows when the key was last used.
        var listJson = await (await tenant.Owner.GetAsync("/api/v1/api-keys")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(created.Secret, listJson);
        Assert.DoesNotContain(created.Secret[created.Prefix.Length..], listJson);
        var listed = Assert.Single((await (await tenant.Owner.GetAsync("/api/v1/api-keys")).ReadAsync<Page<ApiKeyDto>>()).Data);
        Assert.NotNull(listed.LastUsedAt);
        Assert.Null(listed.RevokedAt);

        // Keys act like members: no key management with a key.
        await (await key.GetAsync("/api/v1/api-keys")).ProblemAsync(403);

        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Owner.DeleteAsync($"/api/v1/api-keys/{created.Id}")).StatusCode);
        var refused = await (await key.GetAsync("/api/v1/me")).ProblemAsync(401);
        Assert.Equal("auth.unauthenticated", refused.Code());
        Assert.NotNull(Assert.Single((await (await tenant.Owner.GetAsync("/api/v1/api-keys")).ReadAsync<Page<ApiKeyDto>>()).Data).RevokedAt);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Another_tenant_cannot_see_or_revoke_a_key(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var a = await api.NewTenantAsync();
        using var b = await api.NewTenantAsync();
        var key = await (await a.Owner.PostJsonAsync("/api/v1/api-keys", new { name = "A's key" })).ReadAsync<CreatedApiKeyDto>();

        Assert.Empty((await (await b.Owner.GetAsync("/api/v1/api-keys")).ReadAsync<Page<ApiKeyDto>>()).Data);
        await (await b.Owner.DeleteAsync($"/api/v1/api-keys/{key.Id}")).ProblemAsync(404);

        using var stillWorks = api.WithBearer(key.Secret);
        Assert.Equal(HttpStatusCode.OK, (await stillWorks.GetAsync("/api/v1/me")).StatusCode);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_key_needs_a_name(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        var problem = await (await tenant.Owner.PostJsonAsync("/api/v1/api-keys", new { name = "" })).ProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
        Assert.Empty((await (await tenant.Owner.GetAsync("/api/v1/api-keys")).ReadAsync<Page<ApiKeyDto>>()).Data);
    }
}

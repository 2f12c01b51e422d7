using System.Net;
using ConvoMono.Features.ApiKeys;
using ConvoMono.Tests.Support;

namespace ConvoMono.Tests.Features.Clients;

public sealed class SuspensionTests(TestApps apps)
{
    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_suspended_clients_users_tokens_and_keys_are_refused_with_a_clear_message_until_reactivated(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        var key = await (await tenant.Owner.PostJsonAsync("/api/v1/api-keys", new { name = "k" })).ReadAsync<CreatedApiKeyDto>();
        using var keyClient = api.WithBearer(key.Secret);
        using var admin = await api.AdminAsync();

        await (await admin.PatchJsonAsync($"/api/v1/admin/clients/{tenant.Id}", new { status = "suspended" })).ReadAsync<object>();

        var asOwner = await (await tenant.Owner.GetAsync("/api/v1/me")).ProblemAsync(403);
        Assert.Equal("client.suspended", asOwner.Code());
        Assert.Contains("suspended", asOwner.GetProperty("detail").GetString());
        Assert.Equal("client.suspended", (await (await keyClient.GetAsync("/api/v1/me")).ProblemAsync(403)).Code());
        using var anonymous = api.Anonymous();
        var token = await (await anonymous.PostJsonAsync("/api/v1/auth/token", new { email = tenant.OwnerEmail, password = TestApi.Password }))
            .ProblemAsync(403);
        Assert.Equal("client.suspended", token.Code());

        await (await admin.PatchJsonAsync($"/api/v1/admin/clients/{tenant.Id}", new { status = "active" })).ReadAsync<object>();
        Assert.Equal(HttpStatusCode.OK, (await tenant.Owner.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await keyClient.GetAsync("/api/v1/me")).StatusCode);
    }
}

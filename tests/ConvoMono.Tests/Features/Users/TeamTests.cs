using System.Net;
using ConvoMono.Features.Audit;
using ConvoMono.Features.Users;
using ConvoMono.Infrastructure.Http;
using ConvoMono.Tests.Support;

namespace ConvoMono.Tests.Features.Users;

public sealed class TeamTests(TestApps apps)
{
    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Owner_adds_a_member_who_can_sign_in_but_not_manage_the_team(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        var email = TestApi.UniqueEmail("member");

        var added = await (await tenant.Owner.PostJsonAsync("/api/v1/users", new { email, password = TestApi.Password })).ReadAsync<UserDto>();
        Assert.Equal("client_member", added.Role);
        Assert.Equal(tenant.Id, added.ClientId);

        using var member = await api.SignInAsync(email);
        Assert.Equal(2, (await (await member.GetAsync("/api/v1/users")).ReadAsync<Page<UserDto>>()).Data.Count);
        await (await member.PostJsonAsync("/api/v1/users", new { email = TestApi.UniqueEmail(), password = TestApi.Password })).ProblemAsync(403);
        await (await member.GetAsync("/api/v1/api-keys")).ProblemAsync(403);
        await (await member.DeleteAsync($"/api/v1/users/{added.Id}")).ProblemAsync(403);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Removing_a_member_revokes_their_access_and_is_audited(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        var email = TestApi.UniqueEmail("member");
        var added = await (await tenant.Owner.PostJsonAsync("/api/v1/users", new { email, password = TestApi.Password })).ReadAsync<UserDto>();
        using var member = await api.SignInAsync(email);

        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Owner.DeleteAsync($"/api/v1/users/{added.Id}")).StatusCode);

        Assert.Equal("auth.account_removed", (await (await member.GetAsync("/api/v1/me")).ProblemAsync(401)).Code());
        using var admin = await api.AdminAsync();
        var audit = await (await admin.GetAsync($"/api/v1/admin/audit?client_id={tenant.Id}")).ReadAsync<Page<AuditEntryDto>>();
        Assert.Equal(["user.removed", "user.added"], audit.Data.Where(e => e.Action.StartsWith("user.")).Select(e => e.Action));
        Assert.All(audit.Data.Where(e => e.Action.StartsWith("user.")), e => Assert.Equal(tenant.OwnerEmail, e.ActorName));
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task The_owner_cannot_remove_themselves(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        var me = Assert.Single((await (await tenant.Owner.GetAsync("/api/v1/users")).ReadAsync<Page<UserDto>>()).Data);
        Assert.Equal("users.cannot_remove_self", (await (await tenant.Owner.DeleteAsync($"/api/v1/users/{me.Id}")).ProblemAsync(422)).Code());
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Another_tenant_gets_404_for_a_member_and_never_sees_them(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var a = await api.NewTenantAsync();
        using var b = await api.NewTenantAsync();
        var member = await (await a.Owner.PostJsonAsync("/api/v1/users", new { email = TestApi.UniqueEmail(), password = TestApi.Password }))
            .ReadAsync<UserDto>();

        await (await b.Owner.DeleteAsync($"/api/v1/users/{member.Id}")).ProblemAsync(404);
        var bTeam = (await (await b.Owner.GetAsync("/api/v1/users")).ReadAsync<Page<UserDto>>()).Data;
        Assert.DoesNotContain(bTeam, u => u.Id == member.Id);
        Assert.All(bTeam, u => Assert.Equal(b.Id, u.ClientId));
        Assert.Equal(2, (await (await a.Owner.GetAsync("/api/v1/users")).ReadAsync<Page<UserDto>>()).Data.Count);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Admin_lists_a_clients_users(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        using var admin = await api.AdminAsync();
        var users = await (await admin.GetAsync($"/api/v1/admin/clients/{tenant.Id}/users")).ReadAsync<Page<UserDto>>();
        Assert.Equal(tenant.OwnerEmail, Assert.Single(users.Data).Email);
    }
}

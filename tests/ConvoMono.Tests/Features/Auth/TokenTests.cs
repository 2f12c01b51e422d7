using System.Net;
using ConvoMono.Features.Auth;
using ConvoMono.Tests.Support;

namespace ConvoMono.Tests.Features.Auth;

public sealed class TokenTests(TestApps apps)
{
    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Token_for_the_right_password_identifies_the_caller(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();

        var token = await api.TokenAsync(tenant.OwnerEmail, TestApi.Password);
        Assert.Equal("client_owner", token.Role);
        Assert.Equal(tenant.Id, token.ClientId);
        Assert.InRange(token.ExpiresAt, DateTime.UtcNow.AddMinutes(50), DateTime.UtcNow.AddMinutes(70));

        using var http = api.WithBearer(token.AccessToken);
        var me = await (await http.GetAsync("/api/v1/me")).ReadAsync<MeResponse>();
        Assert.Equal(tenant.OwnerEmail, me.Email);
        Assert.Equal("client_owner", me.Role);
        Assert.Equal(tenant.Id, me.ClientId);
        Assert.NotNull(me.UserId);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Wrong_password_and_unknown_email_get_the_same_401(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        using var http = api.Anonymous();

        var wrong = await (await http.PostJsonAsync("/api/v1/auth/token", new { email = tenant.OwnerEmail, password = "Wrong-passw0rd" }))
            .ProblemAsync(401);
        var unknown = await (await http.PostJsonAsync("/api/v1/auth/token", new { email = TestApi.UniqueEmail(), password = "Wrong-passw0rd" }))
            .ProblemAsync(401);
        Assert.Equal("auth.invalid_credentials", wrong.Code());
        Assert.Equal(wrong.GetProperty("detail").GetString(), unknown.GetProperty("detail").GetString());
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Five_wrong_passwords_lock_the_account_even_for_the_right_one(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        using var http = api.Anonymous();

        for (var i = 0; i < 5; i++)
            await (await http.PostJsonAsync("/api/v1/auth/token", new { email = tenant.OwnerEmail, password = "Wrong-passw0rd" })).ProblemAsync(401);

        var locked = await (await http.PostJsonAsync("/api/v1/auth/token", new { email = tenant.OwnerEmail, password = TestApi.Password }))
            .ProblemAsync(401);
        Assert.Equal("auth.locked_out", locked.Code());
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Garbage_and_missing_tokens_are_401(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var anonymous = api.Anonymous();
        Assert.Equal("auth.unauthenticated", (await (await anonymous.GetAsync("/api/v1/me")).ProblemAsync(401)).Code());
        using var garbage = api.WithBearer("not-a-token");
        await (await garbage.GetAsync("/api/v1/me")).ProblemAsync(401);
        using var fakeKey = api.WithBearer("cm_live_doesnotexist");
        await (await fakeKey.GetAsync("/api/v1/me")).ProblemAsync(401);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Bootstrap_created_the_first_super_admin_from_configuration(Db db)
    {
        var api = await apps.ApiAsync(db);
        var token = await api.TokenAsync(TestAppFactory.AdminEmail, TestAppFactory.AdminPassword);
        Assert.Equal("super_admin", token.Role);
        Assert.Null(token.ClientId);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_user_can_change_their_password_and_the_old_one_stops_working(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();

        var weak = await tenant.Owner.PostJsonAsync("/api/v1/me/password", new { current_password = TestApi.Password, new_password = "short" });
        Assert.True((await weak.ProblemAsync(400)).GetProperty("errors").TryGetProperty("new_password", out _));
        var wrong = await tenant.Owner.PostJsonAsync("/api/v1/me/password", new { current_password = "Nope-passw0rd", new_password = "N3w-Passw0rd-ok" });
        Assert.Equal("auth.wrong_password", (await wrong.ProblemAsync(400)).Code());

        var changed = await tenant.Owner.PostJsonAsync("/api/v1/me/password", new { current_password = TestApi.Password, new_password = "N3w-Passw0rd-ok" });
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        using var http = api.Anonymous();
        await (await http.PostJsonAsync("/api/v1/auth/token", new { email = tenant.OwnerEmail, password = TestApi.Password })).ProblemAsync(401);
        Assert.Equal("client_owner", (await api.TokenAsync(tenant.OwnerEmail, "N3w-Passw0rd-ok")).Role);
    }
}

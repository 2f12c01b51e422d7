using System.Net.Http.Headers;
using ConvoMono.Features.Auth;
using ConvoMono.Features.Clients;

namespace ConvoMono.Tests.Support;

/// <summary>A test's handle on the app: HTTP clients signed in as someone, and one-line set-ups.</summary>
public sealed class TestApi(TestAppFactory factory)
{
    public const string Password = "Str0ng-Passw0rd";

    public TestAppFactory Factory => factory;

    public HttpClient Anonymous() => factory.CreateClient();

    public HttpClient WithBearer(string token)
    {
        var http = factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    public async Task<IssueTokenResponse> TokenAsync(string email, string password)
    {
        using var http = Anonymous();
        return await (await http.PostJsonAsync("/api/v1/auth/token", new { email, password })).ReadAsync<IssueTokenResponse>();
    }

    public async Task<HttpClient> SignInAsync(string email, string password = Password) =>
        WithBearer((await TokenAsync(email, password)).AccessToken);

    public Task<HttpClient> AdminAsync() => SignInAsync(TestAppFactory.AdminEmail, TestAppFactory.AdminPassword);

    public static string UniqueEmail(string who = "user") => $"{who}-{Guid.NewGuid():N}@test.local";

    /// <summary>A fresh client (tenant) with its owner signed in.</summary>
    public async Task<TestTenant> NewTenantAsync(int initialMinutes = 0, string? name = null)
    {
        using var admin = await AdminAsync();
        var ownerEmail = UniqueEmail("owner");
        var client = await (await admin.PostJsonAsync("/api/v1/admin/clients", new
        {
            name = name ?? "Acme " + Guid.NewGuid().ToString("N")[..8],
            billing_rate_per_minute = 0.25m,
            initial_minutes = initialMinutes,
            owner_email = ownerEmail,
            owner_password = Password,
        })).ReadAsync<ClientDto>();
        return new TestTenant(client, ownerEmail, await SignInAsync(ownerEmail));
    }
}

public sealed record TestTenant(ClientDto Client, string OwnerEmail, HttpClient Owner) : IDisposable
{
    public Guid Id => Client.Id;
    public void Dispose() => Owner.Dispose();
}

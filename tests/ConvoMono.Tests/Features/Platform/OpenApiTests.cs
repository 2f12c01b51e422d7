using System.Net;
using System.Text.Json;
using ConvoMono.Tests.Support;

namespace ConvoMono.Tests.Features.Platform;

public sealed class OpenApiTests(TestApps apps)
{
    [Fact]
    public async Task The_document_describes_every_endpoint_with_its_access()
    {
        var api = await apps.ApiAsync(Db.Sqlite);
        using var http = api.Anonymous();
        var doc = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = doc.GetProperty("paths");

        string Access(string path, string method) =>
            paths.GetProperty(path).GetProperty(method).GetProperty("x-access").GetString()!;

        Assert.Equal("anonymous", Access("/api/v1/auth/token", "post"));
        Assert.Equal("authenticated", Access("/api/v1/me", "get"));
        Assert.Equal("super_admin", Access("/api/v1/admin/clients", "post"));
        Assert.Equal("super_admin", Access("/api/v1/admin/clients", "get"));
        Assert.Equal("super_admin", Access("/api/v1/admin/clients/{id}", "get"));
        Assert.Equal("super_admin", Access("/api/v1/admin/clients/{id}", "patch"));
        Assert.Equal("super_admin", Access("/api/v1/admin/audit", "get"));
        Assert.Equal("client_owner", Access("/api/v1/api-keys", "post"));
        Assert.Equal("client_owner", Access("/api/v1/api-keys/{id}", "delete"));
        Assert.Equal("client", Access("/api/v1/users", "get"));
        Assert.Equal("client_owner", Access("/api/v1/users", "post"));
        Assert.True(paths.TryGetProperty("/health/ready", out _));

        // Snake_case schemas, and the bearer scheme on protected operations.
        var schema = doc.GetProperty("components").GetProperty("schemas").GetProperty("CreateClientRequest").GetProperty("properties");
        Assert.True(schema.TryGetProperty("billing_rate_per_minute", out _));
        Assert.True(schema.TryGetProperty("owner_email", out _));
        Assert.Equal("bearer", doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.True(paths.GetProperty("/api/v1/me").GetProperty("get").TryGetProperty("security", out _));

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/docs/")).StatusCode);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Health_endpoints_answer_and_ready_checks_the_database(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var http = api.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        var ready = await http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("\"database\":{\"status\":\"healthy\"", await ready.Content.ReadAsStringAsync());
        Assert.Contains("\"status\":\"healthy\"", await (await http.GetAsync("/health/live")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_routes_and_malformed_json_are_problem_details()
    {
        var api = await apps.ApiAsync(Db.Sqlite);
        using var admin = await api.AdminAsync();
        Assert.Equal("resource.not_found", (await (await admin.GetAsync("/api/v1/nothing-here")).ProblemAsync(404)).Code());
        var malformed = await admin.PostAsync("/api/v1/admin/clients", new StringContent("{\"name\": ", System.Text.Encoding.UTF8, "application/json"));
        await malformed.ProblemAsync(400);
    }
}

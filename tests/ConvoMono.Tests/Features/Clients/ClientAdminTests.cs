using System.Net;
using System.Text.Json;
using ConvoMono.Features.Audit;
using ConvoMono.Features.Clients;
using ConvoMono.Infrastructure.Http;
using ConvoMono.Tests.Support;

namespace ConvoMono.Tests.Features.Clients;

public sealed class ClientAdminTests(TestApps apps)
{
    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Admin_creates_a_client_with_defaults_and_its_owner_can_sign_in(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var admin = await api.AdminAsync();
        var ownerEmail = TestApi.UniqueEmail("owner");

        var response = await admin.PostJsonAsync("/api/v1/admin/clients", new
        {
            name = "  Bright Dental  ", billing_rate_per_minute = 0.19m, owner_email = ownerEmail, owner_password = TestApi.Password,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var client = await response.ReadAsync<ClientDto>();
        Assert.Equal($"/api/v1/admin/clients/{client.Id}", response.Headers.Location?.ToString());
        Assert.Equal("Bright Dental", client.Name);
        Assert.Equal(ClientStatus.Active, client.Status);
        Assert.Equal(0.19m, client.BillingRatePerMinute);
        Assert.Equal("USD", client.Currency);
        Assert.Equal(60, client.BillingIncrementSeconds);
        Assert.Equal("US", client.DefaultCountry);

        var json = await (await admin.GetAsync($"/api/v1/admin/clients/{client.Id}")).Content.ReadAsStringAsync();
        foreach (var field in new[] { "id", "name", "status", "billing_rate_per_minute", "currency", "billing_increment_seconds", "default_country", "time_zone", "created_at" })
            Assert.Contains($"\"{field}\":", json);
        Assert.Contains("\"status\":\"active\"", json);

        Assert.Equal(client.Id, (await api.TokenAsync(ownerEmail, TestApi.Password)).ClientId);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Invalid_client_requests_get_field_errors_and_create_nothing(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var admin = await api.AdminAsync();
        var name = "Invalid " + Guid.NewGuid().ToString("N");

        var shape = await (await admin.PostJsonAsync("/api/v1/admin/clients", new
        {
            name, billing_rate_per_minute = -1, billing_increment_seconds = 7, owner_email = "not-an-email", owner_password = TestApi.Password,
        })).ProblemAsync(400);
        var errors = shape.GetProperty("errors");
        Assert.True(errors.TryGetProperty("billing_rate_per_minute", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("billing_increment_seconds", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("owner_email", out _), errors.ToString());

        var zone = await (await admin.PostJsonAsync("/api/v1/admin/clients", new
        {
            name, billing_rate_per_minute = 0.2m, time_zone = "Mars/Olympus", owner_email = TestApi.UniqueEmail(), owner_password = TestApi.Password,
        })).ProblemAsync(422);
        Assert.Equal("clients.invalid_time_zone", zone.Code());

        var weak = await (await admin.PostJsonAsync("/api/v1/admin/clients", new
        {
            name, billing_rate_per_minute = 0.2m, owner_email = TestApi.UniqueEmail(), owner_password = "weak",
        })).ProblemAsync(400);
        Assert.True(weak.GetProperty("errors").TryGetProperty("owner_password", out _));

        // The weak password failed after the client row was written: the transaction must have rolled it back.
        var list = await (await admin.GetAsync($"/api/v1/admin/clients?search={name}")).ReadAsync<Page<ClientDto>>();
        Assert.Empty(list.Data);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Owner_email_already_in_use_is_a_409_and_creates_no_client(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        using var admin = await api.AdminAsync();
        var name = "Dup " + Guid.NewGuid().ToString("N");

        var conflict = await (await admin.PostJsonAsync("/api/v1/admin/clients", new
        {
            name, billing_rate_per_minute = 0.2m, owner_email = tenant.OwnerEmail.ToUpperInvariant(), owner_password = TestApi.Password,
        })).ProblemAsync(409);
        Assert.Equal("users.email_taken", conflict.Code());
        Assert.Empty((await (await admin.GetAsync($"/api/v1/admin/clients?search={name}")).ReadAsync<Page<ClientDto>>()).Data);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Client_list_searches_by_name_and_pages_with_a_cursor(Db db)
    {
        var api = await apps.ApiAsync(db);
        var tag = Guid.NewGuid().ToString("N")[..10];
        var created = new List<Guid>();
        for (var i = 0; i < 5; i++) created.Add((await api.NewTenantAsync(name: $"Paging {tag} #{i}")).Id);
        using var admin = await api.AdminAsync();

        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await (await admin.GetAsync($"/api/v1/admin/clients?search=PAGING%20{tag}&limit=2" + (cursor is null ? "" : $"&cursor={cursor}")))
                .ReadAsync<Page<ClientDto>>();
            Assert.True(page.Data.Count <= 2);
            seen.AddRange(page.Data.Select(c => c.Id));
            cursor = page.NextCursor;
            pages++;
        } while (cursor is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(created.AsEnumerable().Reverse(), seen); // newest first, each once

        await (await admin.GetAsync("/api/v1/admin/clients?limit=501")).ProblemAsync(400);
        Assert.Contains("limit", (await (await admin.GetAsync("/api/v1/admin/clients?limit=abc")).ProblemAsync(400)).GetProperty("detail").GetString(),
            StringComparison.OrdinalIgnoreCase);
        Assert.True((await (await admin.GetAsync("/api/v1/admin/clients?status=frozen")).ProblemAsync(400)).GetProperty("errors").TryGetProperty("status", out _));
        Assert.Equal(5, (await (await admin.GetAsync($"/api/v1/admin/clients?search={tag}&status=active")).ReadAsync<Page<ClientDto>>()).Data.Count);
        Assert.Empty((await (await admin.GetAsync($"/api/v1/admin/clients?search={tag}&status=suspended")).ReadAsync<Page<ClientDto>>()).Data);
        Assert.Equal("request.invalid_cursor", (await (await admin.GetAsync("/api/v1/admin/clients?cursor=%%%")).ProblemAsync(400)).Code());
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Every_admin_change_is_audited_with_before_and_after(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync(initialMinutes: 30);
        using var admin = await api.AdminAsync();

        var patched = await (await admin.PatchJsonAsync($"/api/v1/admin/clients/{tenant.Id}", new { billing_rate_per_minute = 0.31m, billing_increment_seconds = 6 }))
            .ReadAsync<ClientDto>();
        Assert.Equal(0.31m, patched.BillingRatePerMinute);
        Assert.Equal(6, patched.BillingIncrementSeconds);
        await (await admin.PatchJsonAsync($"/api/v1/admin/clients/{tenant.Id}", new { status = "suspended" })).ReadAsync<ClientDto>();
        await (await admin.PatchJsonAsync($"/api/v1/admin/clients/{tenant.Id}", new { status = "active" })).ReadAsync<ClientDto>();

        var audit = await (await admin.GetAsync($"/api/v1/admin/audit?client_id={tenant.Id}")).ReadAsync<Page<AuditEntryDto>>();
        Assert.Equal(["client.reactivated", "client.suspended", "client.updated", "client.created"], audit.Data.Select(e => e.Action));
        Assert.All(audit.Data, e => Assert.Equal(TestAppFactory.AdminEmail, e.ActorName));
        var update = audit.Data.Single(e => e.Action == "client.updated");
        Assert.Equal(0.25m, JsonDocument.Parse(update.Before!).RootElement.GetProperty("billing_rate_per_minute").GetDecimal());
        Assert.Equal(0.31m, JsonDocument.Parse(update.After!).RootElement.GetProperty("billing_rate_per_minute").GetDecimal());
        Assert.Contains("\"initial_minutes\":30", audit.Data.Single(e => e.Action == "client.created").After);

        // A patch that changes nothing writes nothing.
        await (await admin.PatchJsonAsync($"/api/v1/admin/clients/{tenant.Id}", new { billing_increment_seconds = 6 })).ReadAsync<ClientDto>();
        Assert.Equal(4, (await (await admin.GetAsync($"/api/v1/admin/audit?client_id={tenant.Id}")).ReadAsync<Page<AuditEntryDto>>()).Data.Count);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Unknown_client_id_is_404(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var admin = await api.AdminAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/admin/clients/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PatchJsonAsync($"/api/v1/admin/clients/{Guid.NewGuid()}", new { name = "x" })).StatusCode);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Client_users_and_keys_get_403_on_admin_endpoints(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        var problem = await (await tenant.Owner.GetAsync("/api/v1/admin/clients")).ProblemAsync(403);
        Assert.Equal("auth.forbidden", problem.Code());
        await (await tenant.Owner.PostJsonAsync("/api/v1/admin/clients", new { name = "x" })).ProblemAsync(403);
        await (await tenant.Owner.GetAsync($"/api/v1/admin/clients/{tenant.Id}")).ProblemAsync(403);
        await (await tenant.Owner.GetAsync("/api/v1/admin/audit")).ProblemAsync(403);
    }
}

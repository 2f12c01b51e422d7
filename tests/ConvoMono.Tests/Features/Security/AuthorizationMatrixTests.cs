using System.Net;
using System.Text;
using System.Text.Json;
using ConvoMono.Tests.Support;

namespace ConvoMono.Tests.Features.Security;

/// <summary>Every operation in the app's OpenAPI document, called as anonymous, as a member of client A, as the owner of
/// client B (with A's real ids in the path) and as the super admin, against the access it is classified with here. An
/// operation missing from <see cref="Access"/> (a new endpoint nobody classified) fails the test, as does a
/// classification the document disagrees with, any 5xx, and any of A's ids showing up in B's answers. Runs on an app and
/// database of its own: the admin's calls change platform-wide settings.</summary>
public sealed class AuthorizationMatrixTests(TestApps apps)
{
    private const string Anonymous = "anonymous", Authenticated = "authenticated", Client = "client", Owner = "client_owner", Admin = "super_admin";

    /// <summary>Who may call each operation. Classify every new endpoint here.</summary>
    private static readonly Dictionary<string, string> Access = new()
    {
        ["POST /webhooks/retell"] = Anonymous, ["GET /api/v1/branding"] = Anonymous, ["GET /health/live"] = Anonymous, ["GET /health/ready"] = Anonymous,
        ["POST /api/v1/auth/token"] = Anonymous,
        ["GET /api/v1/me"] = Authenticated, ["POST /api/v1/me/password"] = Authenticated,

        ["GET /api/v1/admin/audit"] = Admin, ["GET /api/v1/admin/health"] = Admin, ["PUT /api/v1/admin/branding"] = Admin,
        ["POST /api/v1/admin/clients"] = Admin, ["GET /api/v1/admin/clients"] = Admin, ["GET /api/v1/admin/clients/{id}"] = Admin,
        ["PATCH /api/v1/admin/clients/{id}"] = Admin, ["GET /api/v1/admin/clients/{id}/users"] = Admin, ["GET /api/v1/admin/clients/{id}/statements"] = Admin,
        ["POST /api/v1/admin/clients/{id}/credits"] = Admin, ["GET /api/v1/admin/clients/{id}/credits"] = Admin,
        ["PUT /api/v1/admin/clients/{id}/credits/low-balance-threshold"] = Admin, ["GET /api/v1/admin/clients/{id}/ledger"] = Admin,
        ["GET /api/v1/admin/integrations/retell"] = Admin, ["PUT /api/v1/admin/integrations/retell"] = Admin, ["POST /api/v1/admin/integrations/retell/test"] = Admin,
        ["GET /api/v1/admin/integrations/twilio"] = Admin, ["PUT /api/v1/admin/integrations/twilio"] = Admin, ["POST /api/v1/admin/integrations/twilio/test"] = Admin,
        ["GET /api/v1/admin/calls"] = Admin, ["GET /api/v1/admin/calls/{id}"] = Admin,
        ["GET /api/v1/admin/reports/profit"] = Admin, ["GET /api/v1/admin/reports/cost-drift"] = Admin, ["GET /api/v1/admin/reports/cost-drift/threshold"] = Admin,
        ["PUT /api/v1/admin/reports/cost-drift/threshold"] = Admin, ["GET /api/v1/admin/reports/kpis"] = Admin, ["GET /api/v1/admin/reports/reconciliation"] = Admin,
        ["GET /api/v1/admin/expenses"] = Admin, ["POST /api/v1/admin/expenses"] = Admin, ["PUT /api/v1/admin/expenses/{id}"] = Admin, ["DELETE /api/v1/admin/expenses/{id}"] = Admin,
        ["GET /api/v1/admin/phone-numbers"] = Admin, ["GET /api/v1/admin/phone-numbers/available"] = Admin, ["GET /api/v1/admin/phone-numbers/{id}"] = Admin,
        ["PATCH /api/v1/admin/phone-numbers/{id}"] = Admin, ["DELETE /api/v1/admin/phone-numbers/{id}"] = Admin, ["POST /api/v1/admin/phone-numbers/purchase"] = Admin,
        ["POST /api/v1/admin/phone-numbers/import"] = Admin, ["POST /api/v1/admin/phone-numbers/{id}/assign"] = Admin, ["POST /api/v1/admin/phone-numbers/{id}/release"] = Admin,
        ["POST /api/v1/admin/dnc"] = Admin, ["GET /api/v1/admin/dnc"] = Admin, ["POST /api/v1/admin/dnc/import"] = Admin, ["DELETE /api/v1/admin/dnc/{phone}"] = Admin,

        ["POST /api/v1/users"] = Owner, ["DELETE /api/v1/users/{id}"] = Owner,
        ["POST /api/v1/api-keys"] = Owner, ["GET /api/v1/api-keys"] = Owner, ["DELETE /api/v1/api-keys/{id}"] = Owner,

        ["GET /api/v1/users"] = Client, ["GET /api/v1/voices"] = Client,
        ["GET /api/v1/credits"] = Client, ["GET /api/v1/credits/ledger"] = Client, ["GET /api/v1/credits/burn-down"] = Client,
        ["POST /api/v1/knowledge-bases"] = Client, ["GET /api/v1/knowledge-bases"] = Client, ["GET /api/v1/knowledge-bases/{id}"] = Client,
        ["DELETE /api/v1/knowledge-bases/{id}"] = Client, ["POST /api/v1/knowledge-bases/{id}/retry"] = Client,
        ["POST /api/v1/campaigns"] = Client, ["GET /api/v1/campaigns"] = Client, ["GET /api/v1/campaigns/{id}"] = Client, ["PATCH /api/v1/campaigns/{id}"] = Client,
        ["DELETE /api/v1/campaigns/{id}"] = Client, ["POST /api/v1/campaigns/{id}/archive"] = Client, ["POST /api/v1/campaigns/{id}/sync"] = Client,
        ["POST /api/v1/campaigns/{id}/leads/import"] = Client, ["POST /api/v1/campaigns/{id}/leads/preview"] = Client, ["GET /api/v1/campaigns/{id}/leads"] = Client,
        ["GET /api/v1/campaigns/{id}/leads/imports"] = Client, ["GET /api/v1/campaigns/{id}/leads/imports/{importId}"] = Client,
        ["POST /api/v1/campaigns/{id}/leads/imports/{importId}/cancel"] = Client, ["POST /api/v1/campaigns/{id}/leads/imports/{importId}/undo"] = Client,
        ["GET /api/v1/campaigns/{id}/leads/imports/{importId}/rejected.csv"] = Client, ["GET /api/v1/campaigns/{id}/leads/export"] = Client,
        ["GET /api/v1/campaigns/{id}/launch-preview"] = Client, ["POST /api/v1/campaigns/{id}/launch"] = Client, ["POST /api/v1/campaigns/{id}/pause"] = Client,
        ["POST /api/v1/campaigns/{id}/resume"] = Client, ["POST /api/v1/campaigns/{id}/cancel"] = Client, ["GET /api/v1/campaigns/{id}/stats"] = Client,
        ["GET /api/v1/campaigns/{id}/report"] = Client,
        ["GET /api/v1/calls"] = Client, ["GET /api/v1/calls/{id}"] = Client, ["GET /api/v1/calls/export"] = Client,
        ["GET /api/v1/statements"] = Client, ["GET /api/v1/analytics/dashboard"] = Client,
        ["GET /api/v1/phone-numbers"] = Client, ["GET /api/v1/phone-numbers/{id}"] = Client,
        ["POST /api/v1/dnc"] = Client, ["GET /api/v1/dnc"] = Client, ["POST /api/v1/dnc/import"] = Client, ["DELETE /api/v1/dnc/{phone}"] = Client,
    };

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Every_operation_answers_each_caller_as_classified(Db db)
    {
        await using var app = await apps.IsolatedAsync(db);
        var api = app.Api;
        using var anonymous = api.Anonymous();
        var doc = JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json")).RootElement;
        var operations = doc.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Method: o.Name.ToUpperInvariant(), Path: p.Name, Documented: o.Value.GetProperty("x-access").GetString()!,
                Multipart: o.Value.TryGetProperty("requestBody", out var body) && body.GetProperty("content").TryGetProperty("multipart/form-data", out _))))
            .ToList();
        var unclassified = operations.Where(o => !Access.ContainsKey($"{o.Method} {o.Path}")).Select(o => $"{o.Method} {o.Path} ({o.Documented})").ToList();
        Assert.True(unclassified.Count == 0, "Classify these operations in AuthorizationMatrixTests.Access: " + string.Join(", ", unclassified));
        Assert.Empty(Access.Keys.Except(operations.Select(o => $"{o.Method} {o.Path}")));
        Assert.All(operations, o => Assert.Equal(Access[$"{o.Method} {o.Path}"], o.Documented));

        var a = await SeedClientAAsync(api);
        using var b = await api.NewTenantAsync();
        using var admin = await api.AdminAsync();
        // Mutations last, deletions at the very end, so A's resources stay there while they are probed.
        var ordered = operations.OrderBy(o => o.Method switch { "GET" => 0, "DELETE" => 2, _ => 1 }).ToList();
        var failures = new List<string>();
        void Expect(string who, (string Method, string Path, string Documented, bool Multipart) op, HttpStatusCode status, string body, Func<HttpStatusCode, bool> ok, string expected)
        {
            if ((int)status >= 500 || !ok(status)) failures.Add($"{op.Method} {op.Path} as {who}: {(int)status}, expected {expected}. {Trim(body)}");
        }

        foreach (var op in ordered.Where(o => o.Documented != Anonymous))
        {
            var (status, body) = await CallAsync(anonymous, op, a, realIds: true);
            Expect("anonymous", op, status, body, s => s == HttpStatusCode.Unauthorized, "401");
        }
        foreach (var op in ordered.Where(o => o.Documented != Anonymous))
        {
            var access = op.Documented;
            var (status, body) = await CallAsync(b.Owner, op, a, realIds: true);
            if (access == Admin) Expect("owner of B", op, status, body, s => s == HttpStatusCode.Forbidden, "403");
            else if (access is Client or Owner && UsesClientResource(op.Path))
                Expect("owner of B", op, status, body, s => s == HttpStatusCode.NotFound, "404 for A's resource");
            else
            {
                Expect("owner of B", op, status, body, s => s != HttpStatusCode.Unauthorized && s != HttpStatusCode.Forbidden, "not 401/403");
                foreach (var id in a.Ids) if (body.Contains(id, StringComparison.OrdinalIgnoreCase)) failures.Add($"{op.Method} {op.Path} as owner of B shows A's {id}");
            }
        }
        foreach (var op in ordered.Where(o => o.Documented != Anonymous))
        {
            var (status, body) = await CallAsync(admin, op, a, realIds: false);
            if (op.Documented is Client or Owner) Expect("super admin", op, status, body, s => s == HttpStatusCode.Forbidden, "403");
            else if (op.Documented != Anonymous) Expect("super admin", op, status, body, s => s != HttpStatusCode.Unauthorized && s != HttpStatusCode.Forbidden, "not 401/403");
            if (op.Method == "GET" && op.Documented is Admin or Authenticated && !op.Path.Contains('{'))
                Expect("super admin", op, status, body, s => (int)s is >= 200 and < 300, "2xx");
        }
        foreach (var op in ordered.Where(o => o.Documented != Anonymous))
        {
            var (status, body) = await CallAsync(a.Member, op, a, realIds: true);
            if (op.Documented is Admin or Owner) Expect("member of A", op, status, body, s => s == HttpStatusCode.Forbidden, "403");
            else if (op.Documented != Anonymous) Expect("member of A", op, status, body, s => s != HttpStatusCode.Unauthorized && s != HttpStatusCode.Forbidden, "not 401/403");
            if (op.Method == "GET" && op.Documented is Client or Authenticated && (!op.Path.Contains('{') || UsesClientResource(op.Path)))
                Expect("member of A", op, status, body, s => (int)s is >= 200 and < 300, "2xx");
        }
        // The anonymous operations answer everyone without a server error.
        foreach (var op in ordered.Where(o => o.Documented == Anonymous))
        {
            var (status, body) = await CallAsync(b.Owner, op, a, realIds: false);
            Expect("owner of B", op, status, body, _ => true, "no 5xx");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Paths whose ids the test fills with A's real resources (B must get 404 for them).</summary>
    private static bool UsesClientResource(string path) =>
        path.StartsWith("/api/v1/campaigns/{id}", StringComparison.Ordinal) || path == "/api/v1/calls/{id}" || path == "/api/v1/api-keys/{id}"
        || path == "/api/v1/users/{id}" || path == "/api/v1/dnc/{phone}" || path == "/api/v1/phone-numbers/{id}";

    private static async Task<(HttpStatusCode, string)> CallAsync(HttpClient http, (string Method, string Path, string Documented, bool Multipart) op, ClientA a, bool realIds)
    {
        var url = op.Path;
        if (realIds && UsesClientResource(op.Path))
        {
            var id = op.Path switch
            {
                var p when p.StartsWith("/api/v1/campaigns/", StringComparison.Ordinal) => a.CampaignId,
                "/api/v1/calls/{id}" => a.CallId,
                "/api/v1/api-keys/{id}" => a.ApiKeyId,
                "/api/v1/users/{id}" => a.MemberId,
                "/api/v1/phone-numbers/{id}" => a.PhoneNumberId,
                _ => "",
            };
            url = url.Replace("{id}", id).Replace("{importId}", a.ImportId).Replace("{phone}", Uri.EscapeDataString(a.DncPhone));
        }
        url = url.Replace("{id}", Guid.NewGuid().ToString()).Replace("{importId}", Guid.NewGuid().ToString()).Replace("{phone}", Uri.EscapeDataString("+14155550000"));
        using var request = new HttpRequestMessage(new HttpMethod(op.Method), url);
        // An empty body of the kind the operation takes: a form with an empty file for uploads, {} otherwise.
        if (op.Multipart) request.Content = new MultipartFormDataContent { { new ByteArrayContent([]), "file", "empty.csv" } };
        else if (op.Method is "POST" or "PUT" or "PATCH") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Trim(string body) => body.Length > 300 ? body[..300] : body;

    private sealed record ClientA(HttpClient Member, string CampaignId, string CallId, string ApiKeyId, string MemberId, string ImportId, string DncPhone,
        string PhoneNumberId)
    {
        public IEnumerable<string> Ids => [CampaignId, CallId, ApiKeyId, MemberId, ImportId, PhoneNumberId];
    }

    /// <summary>Client A with one of each thing the paths name: a campaign with an import and a call, an API key, a member,
    /// a do-not-call entry and an assigned number.</summary>
    private static async Task<ClientA> SeedClientAAsync(TestApi api)
    {
        var a = await api.NewTenantAsync(initialMinutes: 60);
        var campaign = await CallSeeder.CampaignAsync(a, "Matrix");
        var call = (await CallSeeder.SeedAsync(api.Factory.Services, a.Id, campaign.Id, [new(DateTime.UtcNow.AddMinutes(-5), 30, "converted", 5m)])).Single();
        using var form = new MultipartFormDataContent { { new ByteArrayContent("phone,first_name\n+14155550123,Ann\nnot-a-phone,Bob\n"u8.ToArray()), "file", "leads.csv" } };
        var import = JsonDocument.Parse(await (await a.Owner.PostAsync($"/api/v1/campaigns/{campaign.Id}/leads/import", form)).Content.ReadAsStringAsync()).RootElement;
        var key = JsonDocument.Parse(await (await a.Owner.PostJsonAsync("/api/v1/api-keys", new { name = "Matrix" })).Content.ReadAsStringAsync()).RootElement;
        var memberEmail = TestApi.UniqueEmail("member");
        var member = JsonDocument.Parse(await (await a.Owner.PostJsonAsync("/api/v1/users", new { email = memberEmail, password = TestApi.Password }))
            .Content.ReadAsStringAsync()).RootElement;
        const string dnc = "+14155550199";
        (await a.Owner.PostJsonAsync("/api/v1/dnc", new { phone_number = dnc })).EnsureSuccessStatusCode();
        using var admin = await api.AdminAsync();
        var number = JsonDocument.Parse(await (await admin.PostJsonAsync("/api/v1/admin/phone-numbers/import", new
        {
            phone_number = $"+1415{Random.Shared.Next(2_000_000, 9_999_999)}", termination_uri = "matrix.pstn.twilio.com",
        })).Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        (await admin.PostJsonAsync($"/api/v1/admin/phone-numbers/{number}/assign", new { client_id = a.Id })).EnsureSuccessStatusCode();
        return new ClientA(await api.SignInAsync(memberEmail), campaign.Id.ToString(), call.Id.ToString(), key.GetProperty("id").GetString()!,
            member.GetProperty("id").GetString()!, import.GetProperty("id").GetString()!, dnc, number);
    }
}

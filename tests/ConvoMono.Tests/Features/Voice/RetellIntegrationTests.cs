using System.Net.Http.Headers;
using System.Text;
using ConvoMono.Features.Auth;
using ConvoMono.Features.Integrations;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Voice;
using ConvoMono.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConvoMono.Tests.Features.Voice;

/// <summary>Switching Retell between the simulator and live at runtime. Each test has its own app and database,
/// because the setting is platform-wide.</summary>
public sealed class RetellIntegrationTests
{
    private const string LiveKey = "key_live_abcdefghijklmnop_cdef";

    private static async Task<HttpClient> AdminAsync(KestrelApp app)
    {
        var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var token = await (await http.PostJsonAsync("/api/v1/auth/token", new { email = "admin@int.local", password = "Admin-Passw0rd!" }))
            .ReadAsync<IssueTokenResponse>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        return http;
    }

    private static KestrelApp NewApp() => new(("Bootstrap:AdminEmail", "admin@int.local"), ("Bootstrap:AdminPassword", "Admin-Passw0rd!"));

    [Fact]
    public async Task A_live_key_is_stored_encrypted_never_returned_and_used_for_webhooks()
    {
        await using var app = NewApp();
        using var admin = await AdminAsync(app);

        var start = await (await admin.GetAsync("/api/v1/admin/integrations/retell")).ReadAsync<RetellIntegrationDto>();
        Assert.Equal(("Simulator", true), (start.Mode, start.SimulatorServed));
        var test = await (await admin.PostJsonAsync("/api/v1/admin/integrations/retell/test", new { })).ReadAsync<ConnectionTestDto>();
        Assert.Equal((true, 20), (test.Ok, test.ConcurrencyLimit!.Value));

        await (await admin.PutAsync("/api/v1/admin/integrations/retell", System.Net.Http.Json.JsonContent.Create(new { mode = "Live" })))
            .ProblemAsync(400); // no key yet
        var saved = await admin.PutAsync("/api/v1/admin/integrations/retell",
            System.Net.Http.Json.JsonContent.Create(new { mode = "Live", api_key = LiveKey, base_url = "http://127.0.0.1:9" }));
        var savedText = await saved.Content.ReadAsStringAsync();
        Assert.DoesNotContain(LiveKey, savedText);
        var live = System.Text.Json.JsonSerializer.Deserialize<RetellIntegrationDto>(savedText, Json.Options)!;
        Assert.Equal(("Live", "••••cdef"), (live.Mode, live.KeyHint));

        await using (var scope = app.Services.CreateAsyncScope())
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            var row = await db.IntegrationSettings.SingleAsync();
            Assert.DoesNotContain(LiveKey, row.ProtectedSecret);
        }

        // Webhooks are now checked with the live key, and the unreachable base URL fails the test clearly.
        var body = "{\"event\":\"call_started\",\"call\":{\"call_id\":\"call_live_1\"}}";
        async Task<int> PostAsync(string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, app.BaseUrl + "/webhooks/retell") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation(RetellSignature.Header, RetellSignature.Sign(Encoding.UTF8.GetBytes(body), key, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
            return (int)(await admin.SendAsync(request)).StatusCode;
        }
        Assert.Equal(401, await PostAsync(RetellOptions.SimulatorDefaultKey));
        Assert.Equal(204, await PostAsync(LiveKey));
        var failed = await (await admin.PostJsonAsync("/api/v1/admin/integrations/retell/test", new { })).ReadAsync<ConnectionTestDto>();
        Assert.False(failed.Ok);
        Assert.Equal("Live", failed.Mode);
        Assert.NotNull(failed.Error);

        // Back to the simulator: the stored key is kept for later, the simulator's key is used meanwhile.
        var back = await (await admin.PutAsync("/api/v1/admin/integrations/retell", System.Net.Http.Json.JsonContent.Create(new { mode = "Simulator" })))
            .ReadAsync<RetellIntegrationDto>();
        Assert.Equal("Simulator", back.Mode);
        Assert.True((await (await admin.PostJsonAsync("/api/v1/admin/integrations/retell/test", new { })).ReadAsync<ConnectionTestDto>()).Ok);
    }

    [Fact]
    public async Task A_provider_that_never_answers_fails_the_connection_test_within_its_bound()
    {
        // A server that accepts connections and never answers: the resilience pipelines would retry it for minutes.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var held = new System.Collections.Concurrent.ConcurrentBag<System.Net.Sockets.TcpClient>();
        _ = Task.Run(async () => { try { while (true) held.Add(await silent.AcceptTcpClientAsync()); } catch (Exception) { } });
        var url = $"http://127.0.0.1:{((System.Net.IPEndPoint)silent.LocalEndpoint).Port}";

        await using var app = new KestrelApp(("Bootstrap:AdminEmail", "admin@int.local"), ("Bootstrap:AdminPassword", "Admin-Passw0rd!"),
            ("Integrations:TestTimeoutSeconds", "2"));
        using var admin = await AdminAsync(app);
        (await admin.PutAsync("/api/v1/admin/integrations/retell",
            System.Net.Http.Json.JsonContent.Create(new { mode = "Live", api_key = LiveKey, base_url = url }))).EnsureSuccessStatusCode();
        (await admin.PutAsync("/api/v1/admin/integrations/twilio", System.Net.Http.Json.JsonContent.Create(new
        {
            mode = "Live", account_sid = "AC" + new string('0', 32), auth_token = "token_0000", base_url = url,
        }))).EnsureSuccessStatusCode();

        foreach (var (provider, path) in new[] { ("Retell", "retell"), ("Twilio", "twilio") })
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var test = await (await admin.PostJsonAsync($"/api/v1/admin/integrations/{path}/test", new { })).ReadAsync<ConnectionTestDto>();
            watch.Stop();
            Assert.Equal((false, "Live", $"{provider} did not answer within 2 s."), (test.Ok, test.Mode, test.Error));
            Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(10));
        }
        foreach (var client in held) client.Dispose();
    }
}

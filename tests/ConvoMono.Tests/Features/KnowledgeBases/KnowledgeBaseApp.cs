using System.Net.Http.Headers;
using System.Text.Json;
using ConvoMono.Features.Auth;
using ConvoMono.Features.KnowledgeBases;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Voice;
using ConvoMono.Simulators.Retell;
using ConvoMono.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ConvoMono.Tests.Features.KnowledgeBases;

/// <summary>The test app on one database with a fake clock (which the Retell simulator's indexing time follows too) and
/// the Retell client pointed at the simulator this in-memory host serves.</summary>
public sealed class KnowledgeBaseApp : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _app;

    private KnowledgeBaseApp(TestApi api, FakeTimeProvider clock)
    {
        Api = api;
        Clock = clock;
        _app = api.Factory.WithWebHostBuilder(b => b.ConfigureServices(s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            // A TestServer has no network listener: Retell requests go to it in memory.
            s.AddHttpClient<RetellClient>().ConfigurePrimaryHttpMessageHandler(sp => ((TestServer)sp.GetRequiredService<IServer>()).CreateHandler());
        }));
        _app.CreateClient().Dispose();
        Job = ActivatorUtilities.CreateInstance<KnowledgeBaseSyncJob>(_app.Services);
    }

    public static async Task<KnowledgeBaseApp> StartAsync(TestApps apps, Db db) =>
        new(await apps.ApiAsync(db), new FakeTimeProvider(DateTimeOffset.UtcNow));

    public TestApi Api { get; }
    public FakeTimeProvider Clock { get; }
    public KnowledgeBaseSyncJob Job { get; }
    public IServiceProvider Services => _app.Services;
    public RetellClient Retell => _app.Services.GetRequiredService<RetellClient>();
    public RetellSimulatorState Simulator => _app.Services.GetRequiredService<RetellSimulatorState>();
    public AppDbContext Db(Guid tenantId) => _app.Services.GetRequiredService<TenantDbFactory>().For(tenantId);

    /// <summary>A new client whose owner is signed in on this host.</summary>
    public async Task<(TestTenant Tenant, HttpClient Owner)> NewTenantAsync()
    {
        var tenant = await Api.NewTenantAsync();
        var http = _app.CreateClient();
        var token = await (await http.PostJsonAsync("/api/v1/auth/token", new { email = tenant.OwnerEmail, password = TestApi.Password }))
            .ReadAsync<IssueTokenResponse>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        return (tenant, http);
    }

    /// <summary>Moves the clock on and lets the sync job run until nothing more is due.</summary>
    public async Task SyncAsync(TimeSpan advance)
    {
        Clock.Advance(advance);
        for (var i = 0; i < 20 && await Job.RunOnceAsync(default) > 0; i++) { }
    }

    public static MultipartFormDataContent Form(string name, IEnumerable<(string FileName, byte[] Content)>? files = null,
        IEnumerable<object>? texts = null, IEnumerable<string>? urls = null, string? rawTexts = null)
    {
        var form = new MultipartFormDataContent { { new StringContent(name), "name" } };
        foreach (var (fileName, content) in files ?? [])
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "files", fileName);
        }
        if (rawTexts is not null) form.Add(new StringContent(rawTexts), "texts");
        else if (texts is not null) form.Add(new StringContent(JsonSerializer.Serialize(texts)), "texts");
        foreach (var url in urls ?? []) form.Add(new StringContent(url), "urls");
        return form;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

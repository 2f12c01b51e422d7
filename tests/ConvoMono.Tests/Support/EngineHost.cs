using System.Net.Http.Headers;
using ConvoMono.Features.Auth;
using ConvoMono.Features.Campaigns;
using ConvoMono.Features.Launch;
using ConvoMono.Features.Leads;
using ConvoMono.Features.PhoneNumbers;
using ConvoMono.Features.VoiceWebhooks;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Twilio;
using ConvoMono.Infrastructure.Voice;
using ConvoMono.Simulators.Retell;
using ConvoMono.Tests.Features.Leads;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace ConvoMono.Tests.Support;

/// <summary>An instance of the app on the shared test database with its own fake clock and a fast Retell simulator, whose
/// jobs (dispatcher, webhook inbox, reconciler) the test drives pass by pass. A second instance can share the first one's
/// simulator: two app instances in front of one Retell workspace.</summary>
public sealed class EngineHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _app;
    private readonly EngineHost? _retellHost;

    private readonly Func<ValueTask>? _dropDatabase;

    private EngineHost(TestAppFactory parent, FakeTimeProvider clock, double speed, IReadOnlyDictionary<string, string>? settings, EngineHost? retellHost,
        Func<ValueTask>? dropDatabase = null)
    {
        Parent = parent;
        _dropDatabase = dropDatabase;
        Clock = clock;
        _retellHost = retellHost;
        _app = parent.WithWebHostBuilder(b =>
        {
            b.UseSetting("Simulator:Speed", speed.ToString(System.Globalization.CultureInfo.InvariantCulture));
            b.UseSetting("Simulator:ConcurrencyLimit", "1000");
            foreach (var (key, value) in settings ?? new Dictionary<string, string>()) b.UseSetting(key, value);
            b.ConfigureServices(s =>
            {
                s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
                s.AddHttpClient<RetellClient>().ConfigurePrimaryHttpMessageHandler(() => RetellServer.CreateHandler());
                s.AddHttpClient<TwilioClient>().ConfigurePrimaryHttpMessageHandler(() => RetellServer.CreateHandler());
                s.AddHttpClient(RetellCallSimulator.WebhookClient).ConfigurePrimaryHttpMessageHandler(() => _app!.Server.CreateHandler());
            });
        });
        _app.CreateClient().Dispose();
        Dispatcher = NewDispatcher();
        Inbox = ActivatorUtilities.CreateInstance<WebhookInboxProcessor>(Services);
        Reconciler = ActivatorUtilities.CreateInstance<CallReconciler>(Services);
    }

    /// <summary>An instance on a database of its own (the dispatcher works for every campaign in its database, and each
    /// host has its own simulated Retell workspace), on the same kind of database as <paramref name="like"/>.</summary>
    public static async Task<EngineHost> StartAsync(TestAppFactory like, DateTimeOffset now, double speed = 60, IReadOnlyDictionary<string, string>? settings = null)
    {
        var (factory, drop) = await OwnDatabaseAsync(like.Db);
        return new(factory, new FakeTimeProvider(now), speed, settings, null, drop);
    }

    private static async Task<(TestAppFactory, Func<ValueTask>)> OwnDatabaseAsync(Db db)
    {
        if (db == Db.Sqlite)
        {
            var dir = Directory.CreateTempSubdirectory("convomono-engine-").FullName;
            var sqlite = new TestAppFactory(Db.Sqlite, $"Data Source={Path.Combine(dir, "engine.db")};Default Timeout=30");
            sqlite.CreateClient().Dispose();
            return (sqlite, async () =>
            {
                await sqlite.DisposeAsync();
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
            });
        }
        var admin = Environment.GetEnvironmentVariable(TestApps.PostgresVariable)
            ?? throw new InvalidOperationException($"{TestApps.PostgresVariable} is not set. Run the tests with ./scripts/test.sh.");
        var name = "engine_" + Guid.NewGuid().ToString("N");
        await using (var connection = new Npgsql.NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        var postgres = new TestAppFactory(Db.Postgres, new Npgsql.NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 40 }.ConnectionString);
        postgres.CreateClient().Dispose();
        return (postgres, async () =>
        {
            await postgres.DisposeAsync();
            await using var connection = new Npgsql.NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        });
    }

    private readonly List<EngineHost> _peers = [];

    /// <summary>A second app instance on the same database and clock, calling this instance's Retell simulator. From
    /// now on each step runs both instances' dispatchers and inboxes side by side.</summary>
    public EngineHost SecondInstance()
    {
        var peer = new EngineHost(Parent, Clock, 60, null, this);
        _peers.Add(peer);
        return peer;
    }

    public TestAppFactory Parent { get; }
    public FakeTimeProvider Clock { get; }
    public IServiceProvider Services => _app.Services;
    public CallDispatcher Dispatcher { get; }
    public WebhookInboxProcessor Inbox { get; }
    public CallReconciler Reconciler { get; }
    public RetellCallSimulator Simulator => (_retellHost ?? this).Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<RetellCallSimulator>().Single();
    public RetellSimulatorState SimulatorState => (_retellHost ?? this).Services.GetRequiredService<RetellSimulatorState>();
    private Microsoft.AspNetCore.TestHost.TestServer RetellServer => (_retellHost?._app ?? _app).Server;

    public CallDispatcher NewDispatcher() => ActivatorUtilities.CreateInstance<CallDispatcher>(Services);

    public HttpClient Anonymous() => _app.CreateClient();

    public async Task<HttpClient> SignInAsync(string email, string password = TestApi.Password)
    {
        var http = _app.CreateClient();
        var token = await (await http.PostJsonAsync("/api/v1/auth/token", new { email, password })).ReadAsync<IssueTokenResponse>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        return http;
    }

    public Task<HttpClient> AdminAsync() => SignInAsync(TestAppFactory.AdminEmail, TestAppFactory.AdminPassword);

    /// <summary>A client with credit, a number assigned to it, and a synced campaign that calls from that number with
    /// the given settings; then the leads (CSV with a <c>phone</c> column) imported.</summary>
    public async Task<(TestTenant Tenant, CampaignDto Campaign)> LaunchableAsync(string csv, int minutes = 600, object? settings = null,
        int billingIncrement = 60)
    {
        using var admin = await AdminAsync();
        var ownerEmail = TestApi.UniqueEmail("owner");
        var client = await (await admin.PostJsonAsync("/api/v1/admin/clients", new
        {
            name = "Dialer " + Guid.NewGuid().ToString("N")[..8], billing_rate_per_minute = 0.30m, billing_increment_seconds = billingIncrement,
            initial_minutes = minutes, owner_email = ownerEmail, owner_password = TestApi.Password,
        })).ReadAsync<ConvoMono.Features.Clients.ClientDto>();
        // Imported with a random number: every host's simulator numbers its purchases from the same start.
        var number = await (await admin.PostJsonAsync("/api/v1/admin/phone-numbers/import", new
        {
            phone_number = $"+1415{Random.Shared.Next(2_000_000, 9_999_999)}", termination_uri = "convomono.pstn.twilio.com",
        })).ReadAsync<PhoneNumberDto>();
        await (await admin.PostJsonAsync($"/api/v1/admin/phone-numbers/{number.Id}/assign", new { client_id = client.Id })).ReadAsync<PhoneNumberDto>();
        var owner = await SignInAsync(ownerEmail);
        var campaign = await (await owner.PostJsonAsync("/api/v1/campaigns", settings ?? new
        {
            name = "Engine " + Guid.NewGuid().ToString("N")[..6], general_prompt = "Hi {{first_name}}, this is Sunny Solar.",
            default_variables = new Dictionary<string, string> { ["first_name"] = "there" },
            phone_number_id = number.Id,
            calling_window = new { start = "08:00", end = "21:00", days = CampaignRules.Weekdays },
            retry = new { max_attempts = 2, delay_minutes = 5, on = new[] { "no_answer", "busy" } },
            concurrency = 10, max_call_duration_seconds = 300,
        })).ReadAsync<CampaignDto>();
        if (campaign.PhoneNumberId is null)
            campaign = await (await owner.PatchJsonAsync($"/api/v1/campaigns/{campaign.Id}", new { phone_number_id = number.Id })).ReadAsync<CampaignDto>();
        var import = await (await owner.PostAsync($"/api/v1/campaigns/{campaign.Id}/leads/import", LeadImportTests.Form(csv))).ReadAsync<LeadImportDto>();
        Assert.Equal(LeadImportStatus.Completed, import.Status);
        return (new TestTenant(client, ownerEmail, owner), campaign);
    }

    /// <summary>One round of the platform and of Retell: dispatch, time moves on, the simulator plays its calls and
    /// delivers webhooks, the inbox processes them; every few rounds the reconciler runs.</summary>
    public async Task StepAsync(TimeSpan advance, int round)
    {
        var instances = _peers.Prepend(this).ToList();
        await Task.WhenAll(instances.Select(i => Task.Run(() => i.Dispatcher.RunOnceAsync(default))));
        Clock.Advance(advance);
        Simulator.Step();
        await Task.Delay(30);
        await Task.WhenAll(instances.Select(i => Task.Run(i.DrainInboxAsync)));
        if (round % 5 == 4) await Task.WhenAll(instances.Select(i => Task.Run(() => i.Reconciler.RunOnceAsync(default))));
    }

    /// <summary>Waits for the simulator's webhook deliveries to land, then processes the inbox until it is empty.</summary>
    public async Task DrainAsync()
    {
        await Task.Delay(30);
        await DrainInboxAsync();
    }

    private async Task DrainInboxAsync()
    {
        for (var i = 0; i < 1000 && await Inbox.RunOnceAsync(default) > 0; i++) { }
    }

    /// <summary>Rounds until the campaign is completed (or cancelled), or fails after <paramref name="maxRounds"/>.</summary>
    public async Task<Campaign> RunToEndAsync(Guid tenantId, Guid campaignId, TimeSpan advance, int maxRounds = 400)
    {
        for (var round = 0; round < maxRounds; round++)
        {
            await StepAsync(advance, round);
            var campaign = await CampaignAsync(tenantId, campaignId);
            if (campaign.Status is CampaignStatus.Completed or CampaignStatus.Cancelled) return campaign;
        }
        var last = await CampaignAsync(tenantId, campaignId);
        await using var db = Services.GetRequiredService<TenantDbFactory>().For(tenantId);
        var leads = await db.Leads.Where(l => l.CampaignId == campaignId).GroupBy(l => l.Status).Select(g => new { g.Key, N = g.Count() }).ToListAsync();
        var calls = await db.Calls.Where(c => c.CampaignId == campaignId).GroupBy(c => new { c.Status, c.DisconnectionReason })
            .Select(g => new { g.Key, N = g.Count() }).ToListAsync();
        throw new Xunit.Sdk.XunitException($"Campaign still {last.Status} ({last.PauseReason}) after {maxRounds} rounds; leads: "
            + string.Join(", ", leads.Select(l => $"{l.Key}={l.N}")) + "; calls: " + string.Join(", ", calls.Select(c => $"{c.Key}={c.N}")));
    }

    public async Task<Campaign> CampaignAsync(Guid tenantId, Guid campaignId)
    {
        await using var db = Services.GetRequiredService<TenantDbFactory>().For(tenantId);
        return await db.Campaigns.AsNoTracking().SingleAsync(c => c.Id == campaignId);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        if (_dropDatabase is not null) await _dropDatabase();
    }
}

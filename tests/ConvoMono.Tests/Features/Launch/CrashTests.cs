using System.Data.Common;
using ConvoMono.Features.Auth;
using ConvoMono.Features.Calls;
using ConvoMono.Features.Campaigns;
using ConvoMono.Features.Clients;
using ConvoMono.Features.Credits;
using ConvoMono.Features.Leads;
using ConvoMono.Features.PhoneNumbers;
using ConvoMono.Infrastructure.Voice;
using ConvoMono.Simulators.Retell;
using ConvoMono.Tests.Features.Leads;
using ConvoMono.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConvoMono.Tests.Features.Launch;

/// <summary>The app as a real process, killed with SIGKILL twice in the middle of a campaign and started again on the same
/// database; Retell (the simulator, in another host) carries on meanwhile, as the real one would.</summary>
public sealed class CrashTests
{
    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Killed_twice_mid_campaign_the_app_restarts_and_the_campaign_completes_with_exact_money(Db db)
    {
        await using var retell = new KestrelApp(("Simulator:Speed", "60"), ("Simulator:ConcurrencyLimit", "40"));
        var (connection, dropDatabase) = await DatabaseAsync(db);
        try
        {
            await using var app = new AppProcess(AppEnvironment(db, connection, retell));
            await app.StartAsync();
            using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
            var (campaignId, owner) = await SetUpAsync(http);
            using var _ = owner;

            await (await owner.PostJsonAsync($"/api/v1/campaigns/{campaignId}/launch", new { })).ReadAsync<CampaignDto>();
            foreach (var killAt in new[] { 0.2, 0.55 })
            {
                await WaitAsync(async () => (await StatsAsync(owner, campaignId)).Progress >= killAt, TimeSpan.FromSeconds(90), app);
                app.Kill();
                await Task.Delay(1500); // webhooks sent meanwhile are lost after Retell's retries
                await app.StartAsync();
            }
            await WaitAsync(async () => (await CampaignAsync(owner, campaignId)).Status == CampaignStatus.Completed, TimeSpan.FromSeconds(150), app);
            Assert.Equal(3, app.Starts);

            await AssertExactAsync(owner, campaignId, retell, db, connection);
        }
        finally
        {
            await dropDatabase();
        }
    }

    [Fact]
    public async Task PostgreSQL_stopped_and_started_mid_campaign_the_app_recovers_by_itself_with_exact_money()
    {
        await using var retell = new KestrelApp(("Simulator:Speed", "60"), ("Simulator:ConcurrencyLimit", "40"));
        await using var postgres = await PrivatePostgres.StartAsync();
        await using var app = new AppProcess(AppEnvironment(Db.Postgres, postgres.ConnectionString, retell));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var (campaignId, owner) = await SetUpAsync(http);
        using var _ = owner;

        await (await owner.PostJsonAsync($"/api/v1/campaigns/{campaignId}/launch", new { })).ReadAsync<CampaignDto>();
        await WaitAsync(async () => (await StatsAsync(owner, campaignId)).Progress >= 0.3, TimeSpan.FromSeconds(90), app);
        await postgres.StopAsync();
        // Down for a while: requests fail, webhooks are refused (Retell retries, then drops them), jobs fail their ticks.
        await Task.Delay(3_000);
        Assert.False((await http.GetAsync("/health/ready")).IsSuccessStatusCode);
        await postgres.StartServerAsync();
        await WaitAsync(async () => (await CampaignAsync(owner, campaignId)).Status == CampaignStatus.Completed, TimeSpan.FromSeconds(150), app);
        Assert.Equal(1, app.Starts); // recovered without a restart of the app
        Assert.True((await http.GetAsync("/health/ready")).IsSuccessStatusCode);
        await AssertExactAsync(owner, campaignId, retell, Db.Postgres, postgres.ConnectionString);
    }

    /// <summary>The app process: on the database, against the simulated Retell in another host, with short engine intervals.</summary>
    private static Dictionary<string, string> AppEnvironment(Db db, string connection, KestrelApp retell) => new()
    {
        ["Database__Provider"] = db == Db.Postgres ? "Postgres" : "Sqlite", ["Database__ConnectionString"] = connection,
        ["Database__MigrateOnStart"] = "true",
        ["Bootstrap__AdminEmail"] = TestAppFactory.AdminEmail, ["Bootstrap__AdminPassword"] = TestAppFactory.AdminPassword,
        ["RateLimits__SignInPerMinute"] = "1000000",
        ["Retell__Mode"] = "Live", ["Retell__ApiKey"] = RetellOptions.SimulatorDefaultKey, ["Retell__BaseUrl"] = retell.BaseUrl + "/simulator/retell",
        ["Launch__DispatchIntervalMs"] = "200", ["Launch__ReconcileIntervalSeconds"] = "2", ["Launch__DispatchLeaseSeconds"] = "5",
        ["Launch__DispatchGraceSeconds"] = "5", ["Launch__StuckCallMarginSeconds"] = "3", ["Launch__QuietCallSeconds"] = "4", ["Launch__AnalysisGraceSeconds"] = "3",
    };

    /// <summary>The campaign's money after the faults: nothing held, balance = granted − billed, every call with its billed
    /// seconds and Retell cost, one consume per billed call, and Retell placed exactly the calls we recorded (none twice).</summary>
    private static async Task AssertExactAsync(HttpClient owner, Guid campaignId, KestrelApp retell, Db db, string connection)
    {
        var stats = await StatsAsync(owner, campaignId);
        Assert.Equal(1.0, stats.Progress);
        var credits = await (await owner.GetAsync("/api/v1/credits")).ReadAsync<CreditBalanceDto>();
        Assert.Equal(0, credits.HeldSeconds);
        Assert.Equal(500 * 60 - stats.BilledSeconds, credits.BalanceSeconds);

        await using var sql = await OpenAsync(db, connection);
        var campaign = db == Db.Sqlite ? campaignId.ToString().ToUpperInvariant() : (object)campaignId;
        Assert.Equal(0L, await ScalarAsync(sql, "SELECT COUNT(*) FROM calls WHERE campaign_id = @c AND (billed_seconds IS NULL OR retell_cost IS NULL)", campaign));
        var billedCalls = await ScalarAsync(sql, "SELECT COUNT(*) FROM calls WHERE campaign_id = @c AND billed_seconds > 0", campaign);
        Assert.Equal(billedCalls, await ScalarAsync(sql, "SELECT COUNT(*) FROM credit_entries WHERE campaign_id = @c AND kind = 'Consume'", campaign));
        Assert.Equal(billedCalls, await ScalarAsync(sql, "SELECT COUNT(DISTINCT retell_call_id) FROM credit_entries WHERE campaign_id = @c AND kind = 'Consume'", campaign));
        Assert.Equal(stats.BilledSeconds, await ScalarAsync(sql, "SELECT COALESCE(SUM(billed_seconds), 0) FROM calls WHERE campaign_id = @c", campaign));
        var ours = await ScalarAsync(sql, "SELECT COUNT(*) FROM calls WHERE campaign_id = @c", campaign);
        // Retell placed exactly the calls we recorded: none sent twice across the crashes.
        var placed = retell.Services.GetRequiredService<RetellSimulatorState>().Calls.Values
            .Where(c => c.Call["metadata"]?["campaign_id"]?.ToString() == campaignId.ToString())
            .Select(c => c.Call["metadata"]!["lead_id"] + "/" + c.Call["metadata"]!["attempt"]).ToList();
        Assert.Equal(placed.Count, placed.Distinct().Count());
        Assert.Equal(ours, placed.Count);
    }

    private static async Task<(Guid CampaignId, HttpClient Owner)> SetUpAsync(HttpClient http)
    {
        var admin = new HttpClient { BaseAddress = http.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", (await (await http.PostJsonAsync("/api/v1/auth/token",
            new { email = TestAppFactory.AdminEmail, password = TestAppFactory.AdminPassword })).ReadAsync<IssueTokenResponse>()).AccessToken);
        var ownerEmail = TestApi.UniqueEmail("owner");
        var client = await (await admin.PostJsonAsync("/api/v1/admin/clients", new
        {
            name = "Crash test", billing_rate_per_minute = 0.20m, initial_minutes = 500, owner_email = ownerEmail, owner_password = TestApi.Password,
        })).ReadAsync<ClientDto>();
        var number = await (await admin.PostJsonAsync("/api/v1/admin/phone-numbers/import", new
        {
            phone_number = $"+1415{Random.Shared.Next(2_000_000, 9_999_999)}", termination_uri = "convomono.pstn.twilio.com",
        })).ReadAsync<PhoneNumberDto>();
        await (await admin.PostJsonAsync($"/api/v1/admin/phone-numbers/{number.Id}/assign", new { client_id = client.Id })).ReadAsync<PhoneNumberDto>();
        var owner = new HttpClient { BaseAddress = http.BaseAddress };
        owner.DefaultRequestHeaders.Authorization = new("Bearer", (await (await http.PostJsonAsync("/api/v1/auth/token",
            new { email = ownerEmail, password = TestApi.Password })).ReadAsync<IssueTokenResponse>()).AccessToken);
        var campaign = await (await owner.PostJsonAsync("/api/v1/campaigns", new
        {
            name = "Crash", general_prompt = "Hello", phone_number_id = number.Id, concurrency = 20, max_call_duration_seconds = 60,
            calling_window = new { start = "08:00", end = "21:00", days = CampaignRules.Weekdays },
            retry = new { max_attempts = 2, delay_minutes = 0, on = new[] { "no_answer", "busy" } },
        })).ReadAsync<CampaignDto>();
        var import = await (await owner.PostAsync($"/api/v1/campaigns/{campaign.Id}/leads/import", LeadImportTests.Form(OpenNowLeads(150))))
            .ReadAsync<LeadImportDto>();
        Assert.Equal(150, import.Imported);
        admin.Dispose();
        return (campaign.Id, owner);
    }

    /// <summary>Leads in a zone where it is now between 09:00 and 19:00 (the test runs at any hour, on the real clock).</summary>
    internal static string OpenNowLeads(int count)
    {
        var hour = DateTime.UtcNow.Hour;
        Func<int, string> number = hour is >= 9 and < 19 ? i => $"+44 20 7946 {i:0000}"          // London
            : hour >= 14 ? i => $"+1 212 555 {100 + i:0000}"                          // New York (14:00–24:00 UTC)
            : i => $"+81 3 5555 {i:0000}";                                                            // Tokyo (00:00–10:00 UTC)
        return "phone\n" + string.Concat(Enumerable.Range(0, count).Select(i => number(i) + "\n"));
    }

    private static async Task WaitAsync(Func<Task<bool>> done, TimeSpan timeout, AppProcess app)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try { if (await done()) return; }
            catch (HttpRequestException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException("Timed out; the app's log ends with:\n" + app.Tail());
    }

    private static async Task<CampaignStatsDto> StatsAsync(HttpClient owner, Guid id) =>
        await (await owner.GetAsync($"/api/v1/campaigns/{id}/stats")).ReadAsync<CampaignStatsDto>();

    private static async Task<CampaignDto> CampaignAsync(HttpClient owner, Guid id) =>
        await (await owner.GetAsync($"/api/v1/campaigns/{id}")).ReadAsync<CampaignDto>();

    private static async Task<(string Connection, Func<Task> Drop)> DatabaseAsync(Db db)
    {
        if (db == Db.Sqlite)
        {
            var dir = Directory.CreateTempSubdirectory("convomono-crash-").FullName;
            return ($"Data Source={Path.Combine(dir, "crash.db")}", () =>
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
                return Task.CompletedTask;
            });
        }
        return await TestApps.NewPostgresDatabaseAsync("crash", maxPoolSize: 100);
    }

    private static async Task<DbConnection> OpenAsync(Db db, string connection)
    {
        DbConnection c = db == Db.Sqlite ? new Microsoft.Data.Sqlite.SqliteConnection(connection) : new Npgsql.NpgsqlConnection(connection);
        await c.OpenAsync();
        return c;
    }

    private static async Task<long> ScalarAsync(DbConnection connection, string sql, object campaign)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var p = command.CreateParameter();
        p.ParameterName = "c";
        p.Value = campaign;
        command.Parameters.Add(p);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}

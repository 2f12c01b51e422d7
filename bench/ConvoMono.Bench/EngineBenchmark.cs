using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ConvoMono.Features.Calls;
using ConvoMono.Features.Campaigns;
using ConvoMono.Features.Credits;
using ConvoMono.Features.Launch;
using ConvoMono.Features.Leads;
using ConvoMono.Features.VoiceWebhooks;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Twilio;
using ConvoMono.Infrastructure.Voice;
using ConvoMono.Simulators.Retell;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace ConvoMono.Bench;

/// <summary>The dialing engine, in-process on a real database, against the built-in Retell simulator on a fake clock
/// (calls last their simulated minutes in a few milliseconds; webhooks are signed, sent over the in-memory test server
/// and go through the real intake). Two measurements:
/// <list type="number">
/// <item><b>Processing throughput.</b> Calls are placed by the real dispatcher and played to the end by the simulator
/// while the inbox processor is stopped, so their webhooks (call_started, call_ended, call_analyzed) pile up in the
/// inbox. Then the processor drains it, timed: each event updates its call, each call_ended settles the call's credit
/// hold in the ledger. Calls per second, with one processor and with two side by side (two app instances). Baseline, in
/// the same run: as many events, with the same payloads, of a type a no-op batch handler takes (the inbox's own claim,
/// parse and mark-processed work).</item>
/// <item><b>A 100,000-lead campaign</b> from launch to completed: dispatcher, simulator, intake, processor and
/// reconciler run round by round. CPU per call of this process (the platform, the simulator and the driver together:
/// an upper bound on the platform's), of PostgreSQL, and wall time per component.</item>
/// </list>
/// Both end by checking the money: one consume per billed call, nothing held, balance = granted − billed.</summary>
public static class EngineBenchmark
{
    private static readonly int ProcessingCalls = EnvInt("BENCH_CALLS", 10_000);
    private static readonly int CampaignLeads = EnvInt("BENCH_LEADS", 100_000);
    private static readonly int WarmUpLeads = Environment.GetEnvironmentVariable("BENCH_WARMUP") is "0" ? 0 : EnvInt("BENCH_WARMUP", 3_000);
    private static readonly DateTimeOffset Monday18Utc = new(2026, 11, 23, 18, 0, 0, TimeSpan.Zero); // 13:00 in New York, 10:00 in San Francisco
    private const double Speed = 600; // simulated seconds per (fake) second
    private const int PerCampaign = CampaignRules.MaxConcurrency;
    private const string Noop = "bench_noop";

    public static async Task<bool> RunAsync(string provider, string? connection)
    {
        Console.WriteLine($"dialing engine benchmark on {provider}, {Environment.ProcessorCount} cores, Retell simulator in-process at {Speed}x on a fake clock");
        var parts = Environment.GetEnvironmentVariable("BENCH_ENGINE") ?? "processing,campaign"; // either or both
        var ok = true;
        if (parts.Contains("processing")) ok &= await ProcessingAsync(provider, connection);
        if (parts.Contains("campaign")) ok &= await CampaignAsync(provider, connection);
        return ok;
    }

    // ---- 1. Processing throughput ----

    private static async Task<bool> ProcessingAsync(string provider, string? connection)
    {
        await using var host = await Host.StartAsync(provider, connection);
        var ok = true;
        var results = new List<(string Name, Drained Run)>();
        var lastPile = 0;
        foreach (var processors in new[] { 1, 2 })
        {
            var (tenant, granted, events) = await PileUpAsync(host, ProcessingCalls);
            lastPile = events;
            var run = await host.DrainAsync(processors);
            results.Add(($"calls: {ProcessingCalls:N0} calls, {events:N0} events, {processors} processor{(processors > 1 ? "s" : "")}", run));
            ok &= await CheckMoneyAsync(host, tenant, granted, $"{processors} processor(s)");
            ok &= Check($"every event processed: {run.Events:N0} of {events:N0}", run.Events == events && await host.UnprocessedAsync() == 0);
        }

        // Baseline: as many events as the last pile, same payloads, of a type only the no-op handler takes.
        foreach (var processors in new[] { 1, 2 })
        {
            var count = await host.CopyAsNoopAsync(lastPile);
            var run = await host.DrainAsync(processors);
            results.Add(($"baseline: {count:N0} no-op events, {processors} processor{(processors > 1 ? "s" : "")}", run));
            ok &= Check($"baseline: every no-op event processed ({run.Events:N0} of {count:N0})", run.Events == count && await host.UnprocessedAsync() == 0);
        }

        Console.WriteLine($"  {"drain",-52} {"seconds",8} {"events/s",9} {"calls/s",9}  {"CPU ms/1k events: bench+app, postgres",37}");
        foreach (var (name, run) in results)
            Console.WriteLine($"  {name,-52} {run.Seconds,8:N2} {run.Events / run.Seconds,9:N0} {run.Events / run.Seconds / 3,9:N0}  " +
                              $"{run.Used.ProcessMs * 1000 / run.Events,26:N1} {run.Used.PostgresMs * 1000 / run.Events,10:N1}");
        Console.WriteLine("  (calls/s = events/s ÷ 3 for the baseline rows: the rate the inbox alone would allow at three events per call)");
        return ok;
    }

    /// <summary>A client with <paramref name="calls"/> leads in campaigns of 100 (the concurrency cap), all launched
    /// and dispatched in one pass, then played to the end by the simulator with the processor stopped. Returns how
    /// many events the inbox then holds.</summary>
    private static async Task<(Guid Tenant, long GrantedSeconds, int Events)> PileUpAsync(Host host, int calls)
    {
        var clock = Stopwatch.StartNew();
        var minutes = calls * 10;
        var (tenant, owner, numberId) = await host.ClientAsync(minutes);
        var campaigns = new List<Guid>();
        for (var c = 0; c * PerCampaign < calls; c++)
        {
            var size = Math.Min(PerCampaign, calls - c * PerCampaign);
            var id = await host.CampaignAsync(owner, numberId, maxAttempts: 1);
            await host.ImportAsync(owner, id, Leads(c * PerCampaign, size));
            await host.LaunchAsync(owner, id);
            campaigns.Add(id);
        }
        var before = await host.InboxCountAsync();
        var sent = await host.Dispatcher.RunOnceAsync(default);
        if (sent != calls) throw new InvalidOperationException($"The dispatcher sent {sent} of {calls} calls in its pass");
        var expected = host.ExpectedEvents(tenant);
        for (var i = 0; i < 6; i++)
        {
            host.Clock.Advance(TimeSpan.FromSeconds(1));
            host.Simulator.Step();
            await host.SettleDeliveriesAsync();
        }
        expected = host.ExpectedEvents(tenant);
        var stored = await host.InboxCountAsync() - before;
        if (stored != expected) throw new InvalidOperationException($"The inbox holds {stored} of the {expected} events the simulator sent");
        Console.WriteLine($"  set-up: {campaigns.Count} campaigns, {calls:N0} calls placed and played, {stored:N0} events in the inbox ({clock.Elapsed.TotalSeconds:N0} s)");
        return (tenant, minutes * 60L, stored);
    }

    // ---- 2. A 100,000-lead campaign ----

    private static async Task<bool> CampaignAsync(string provider, string? connection)
    {
        await using var host = await Host.StartAsync(provider, connection);
        if (WarmUpLeads > 0)
        {
            // A long-running server has compiled its hot paths long ago: a smaller campaign first (another client), run to
            // the end the same way, lets the runtime's tiered JIT finish most of its work before the measured one.
            var warm = Stopwatch.StartNew();
            var (warmTenant, warmOwner, warmNumber) = await host.ClientAsync(WarmUpLeads * 10);
            var warmCampaign = await host.CampaignAsync(warmOwner, warmNumber, maxAttempts: 2);
            await host.ImportAsync(warmOwner, warmCampaign, Leads(0, WarmUpLeads));
            await host.LaunchAsync(warmOwner, warmCampaign);
            var (warmRounds, warmStatus) = await RunCampaignAsync(host, warmTenant, warmCampaign, null);
            await host.Dispatcher.RunOnceAsync(default);
            Console.WriteLine($"  warm-up: a campaign of {WarmUpLeads:N0} leads, {warmStatus} after {warmRounds:N0} rounds, {warm.Elapsed.TotalSeconds:N1} s");
        }
        var minutes = CampaignLeads * 10;
        var (tenant, owner, numberId) = await host.ClientAsync(minutes);
        var campaign = await host.CampaignAsync(owner, numberId, maxAttempts: 2);
        var import = Stopwatch.StartNew();
        await host.ImportAsync(owner, campaign, Leads(0, CampaignLeads));
        Console.WriteLine($"  campaign of {CampaignLeads:N0} leads (4 time zones, concurrency {PerCampaign}, retry once on no answer or busy): imported in {import.Elapsed.TotalSeconds:N1} s");
        await host.LaunchAsync(owner, campaign);

        string[] phases = ["dispatcher", "simulator and intake", "inbox processor", "reconciler", "driver"];
        var split = phases.ToDictionary(p => p, _ => (Wall: TimeSpan.Zero, Cpu: TimeSpan.Zero));
        using var ef = new EfCounters();
        var efBefore = ef.Snapshot();
        var cpu = Cpu.Now();
        var wall = Stopwatch.StartNew();
        var (rounds, status) = await RunCampaignAsync(host, tenant, campaign, split);
        var seconds = wall.Elapsed.TotalSeconds;
        var used = Cpu.Now() - cpu;
        var efAfter = ef.Snapshot();

        int calls, analyzed;
        await using (var db = host.Tenants.For(tenant))
        {
            calls = await db.Calls.CountAsync(c => c.CampaignId == campaign);
            analyzed = await db.Calls.CountAsync(c => c.CampaignId == campaign && c.Status == CallStatus.Analyzed);
        }
        Console.WriteLine($"  {status} after {rounds:N0} rounds, {seconds:N1} s: {calls:N0} calls ({analyzed:N0} analyzed), {calls / seconds:N0} calls/s, " +
                          $"{host.Clock.GetUtcNow() - Monday18Utc:hh\\:mm} of calling time on the fake clock");
        Console.WriteLine($"  CPU per call: this process (platform + simulator + driver) {used.ProcessMs / calls:N3} ms, PostgreSQL {used.PostgresMs / calls:N3} ms, " +
                          $"other processes {used.OthersMs / calls:N3} ms; JIT {used.JitMs:N0} ms ({used.JitMethods:N0} methods)");
        Console.WriteLine("  per call, wall / CPU of this process: " + string.Join(", ", split.Select(s =>
            $"{s.Key} {s.Value.Wall.TotalMilliseconds / calls:N3} / {s.Value.Cpu.TotalMilliseconds / calls:N3} ms")));
        Console.WriteLine("  EF Core during the run: " + string.Join(", ", efAfter.OrderBy(e => e.Key)
            .Where(e => e.Key.StartsWith("microsoft.") || e.Key.EndsWith("(count)"))
            .Select(e => $"{e.Key.Replace("microsoft.entityframeworkcore.", "")} {e.Value - efBefore.GetValueOrDefault(e.Key):N0}")));
        var ok = Check($"campaign completed ({status})", status == CampaignStatus.Completed);
        ok &= await CheckMoneyAsync(host, tenant, minutes * 60L, "100k campaign");

        // Baseline in the same run: as many calls without the platform. The difference is the platform's own CPU.
        var (baseRounds, baseSeconds, baseUsed) = await host.BaselineAsync(calls);
        Console.WriteLine($"  baseline: {calls:N0} calls placed straight at the simulator, webhooks to an empty endpoint: {baseRounds:N0} rounds, {baseSeconds:N1} s, " +
                          $"CPU per call {baseUsed.ProcessMs / calls:N3} ms (this process); JIT {baseUsed.JitMs:N0} ms");
        Console.WriteLine($"  platform overhead per call (campaign − baseline, this process): {(used.ProcessMs - baseUsed.ProcessMs) / calls:N3} ms CPU; " +
                          $"without JIT {(used.ProcessMs - used.JitMs - baseUsed.ProcessMs + baseUsed.JitMs) / calls:N3} ms; " +
                          $"adding PostgreSQL's {used.PostgresMs / calls:N3} ms: {(used.ProcessMs - baseUsed.ProcessMs + used.PostgresMs) / calls:N3} ms");
        return ok;
    }

    /// <summary>Runs a launched campaign round by round until it is no longer running: a dispatcher pass, three
    /// simulator steps (6 s of fake time), an inbox drain, the reconciler every fifth round. With <paramref name="split"/>,
    /// adds the wall and CPU time of each phase: the phases run one after the other, so the process's CPU during a phase
    /// is that phase's (the webhooks the simulator sends go through the intake during "simulator and intake"; a
    /// straggler may fall into the next phase).</summary>
    private static async Task<(int Rounds, CampaignStatus Status)> RunCampaignAsync(Host host, Guid tenant, Guid campaign,
        Dictionary<string, (TimeSpan Wall, TimeSpan Cpu)>? split)
    {
        var mark = (Wall: Stopwatch.GetTimestamp(), Cpu: Environment.CpuUsage.TotalTime);
        void Add(string what)
        {
            if (split is null) return;
            var now = (Wall: Stopwatch.GetTimestamp(), Cpu: Environment.CpuUsage.TotalTime);
            var (wall, cpu) = split[what];
            split[what] = (wall + Stopwatch.GetElapsedTime(mark.Wall, now.Wall), cpu + (now.Cpu - mark.Cpu));
            mark = now;
        }
        var rounds = 0;
        CampaignStatus status;
        do
        {
            await host.Dispatcher.RunOnceAsync(default);
            Add("dispatcher");
            for (var i = 0; i < 3; i++)
            {
                host.Clock.Advance(TimeSpan.FromSeconds(2));
                host.Simulator.Step();
            }
            await Task.Delay(2); // the webhooks are on their way through the in-memory server; stragglers wait a round
            Add("simulator and intake");
            await host.DrainOnceAsync();
            Add("inbox processor");
            if (rounds % 5 == 4)
            {
                await host.Reconciler.RunOnceAsync(default);
                Add("reconciler");
            }
            status = await host.StatusAsync(tenant, campaign);
            rounds++;
            if (rounds % 100 == 0 && split is not null && Environment.GetEnvironmentVariable("BENCH_PROGRESS") == "1")
                Console.Error.WriteLine($"{DateTime.Now:HH:mm:ss} round {rounds}: " + string.Join(", ", split.Select(s => $"{s.Key} {s.Value.Wall.TotalSeconds:N1} s"))
                    + $"; GC gen2 {GC.CollectionCount(2)}, paused {GC.GetTotalPauseDuration().TotalSeconds:N1} s, heap {GC.GetTotalMemory(false) / 1e6:N0} MB");
            Add("driver");
        } while (status is CampaignStatus.Running && rounds < 20_000);
        return (rounds, status);
    }

    // ---- Checks ----

    /// <summary>Every lead final, every call ended with its cost, one consume per billed call, nothing held, balance =
    /// granted − billed, and the totals row equal to the ledger's sums.</summary>
    private static async Task<bool> CheckMoneyAsync(Host host, Guid tenant, long grantedSeconds, string what)
    {
        await host.Dispatcher.RunOnceAsync(default); // completes the finished campaigns: their reservations return
        await using var db = host.Tenants.For(tenant);
        var open = (await db.Leads.AsNoTracking().Select(l => l.Status).ToListAsync()).Count(l => !Lead.IsFinal(l));
        var calls = await db.Calls.AsNoTracking().Select(c => new { c.Status, c.BilledSeconds, c.RetellCost }).ToListAsync();
        var consumes = await db.CreditEntries.AsNoTracking().Where(e => e.Kind == CreditEntryKind.Consume).Select(e => new { e.RetellCallId, e.Seconds }).ToListAsync();
        var totals = await db.ClientCredits.AsNoTracking().SingleAsync();
        var ledger = await db.CreditEntries.Where(e => e.Kind == CreditEntryKind.Grant || e.Kind == CreditEntryKind.Adjust || e.Kind == CreditEntryKind.Consume)
            .SumAsync(e => e.Seconds);
        var billed = calls.Sum(c => c.BilledSeconds ?? 0);
        return Check($"{what}: every lead final ({open} open), every call ended with its Retell cost",
                open == 0 && calls.All(c => c.Status >= CallStatus.Ended && c.BilledSeconds is not null && c.RetellCost is not null))
            & Check($"{what}: {consumes.Count:N0} consumes for {calls.Count(c => c.BilledSeconds > 0):N0} billed calls, none twice, {-consumes.Sum(e => e.Seconds):N0} s = {billed:N0} s billed",
                consumes.Count == calls.Count(c => c.BilledSeconds > 0) && consumes.Select(e => e.RetellCallId).Distinct().Count() == consumes.Count
                && -consumes.Sum(e => e.Seconds) == billed)
            & Check($"{what}: held {totals.HeldSeconds} s, balance {totals.BalanceSeconds:N0} s = granted {grantedSeconds:N0} − billed {billed:N0}, ledger sum {ledger:N0}",
                totals.HeldSeconds == 0 && totals.BalanceSeconds == grantedSeconds - billed && ledger == totals.BalanceSeconds);
    }

    private static bool Check(string what, bool ok)
    {
        Console.WriteLine($"  {(ok ? "OK      " : "MISMATCH")} {what}");
        return ok;
    }

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var v) && v > 0 ? v : fallback;

    /// <summary>Distinct US numbers across four time zones (New York, Chicago, Denver, San Francisco).</summary>
    private static byte[] Leads(int first, int count)
    {
        string[] areas = ["212", "312", "303", "415"];
        var csv = new StringBuilder("phone,first_name\n", count * 24);
        for (var i = first; i < first + count; i++)
            csv.Append("+1").Append(areas[i % 4]).Append(200 + i / 4 / 10_000).Append((i / 4 % 10_000).ToString("0000")).Append(",Lead").Append(i).Append('\n');
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private sealed record Drained(int Events, double Seconds, Cpu Used);

    /// <summary>Takes the bench event type and does nothing: the inbox's own work per event.</summary>
    private sealed class NoopHandler : IVoiceEventBatchHandler
    {
        public IReadOnlyCollection<string> EventTypes { get; } = [Noop];
        public Task HandleAsync(WebhookEvent stored, JsonElement payload, CancellationToken ct) => Task.CompletedTask;
        public Task<IReadOnlyDictionary<Guid, Exception>> HandleBatchAsync(IReadOnlyList<(WebhookEvent Stored, JsonElement Payload)> events, CancellationToken ct) =>
            Task.FromResult<IReadOnlyDictionary<Guid, Exception>>(new Dictionary<Guid, Exception>());
    }

    /// <summary>The app on a database of its own, jobs off (driven here), a fake clock, the simulator reached through
    /// the in-memory server.</summary>
    private sealed class Host : IAsyncDisposable
    {
        private readonly WebApplicationFactory<Program> _root;
        private readonly WebApplicationFactory<Program> _app;
        private readonly Func<Task> _drop;
        private readonly List<WebhookInboxProcessor> _processors = [];

        private Host(WebApplicationFactory<Program> root, Func<Task> drop)
        {
            _root = root;
            _drop = drop;
            Clock = new FakeTimeProvider(Monday18Utc);
            WebApplicationFactory<Program> app = null!;
            app = root.WithWebHostBuilder(b =>
            {
                b.UseSetting("Simulator:Speed", Speed.ToString(System.Globalization.CultureInfo.InvariantCulture));
                b.UseSetting("Simulator:ConcurrencyLimit", "1000000");
                b.UseSetting("Leads:InlineMaxBytes", (64 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture));
                b.ConfigureServices(s =>
                {
                    BenchApp.RemoveJobs(s);
                    s.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
                    s.AddHttpClient<RetellClient>().ConfigurePrimaryHttpMessageHandler(() => app.Server.CreateHandler());
                    s.AddHttpClient<TwilioClient>().ConfigurePrimaryHttpMessageHandler(() => app.Server.CreateHandler());
                    s.AddHttpClient(RetellCallSimulator.WebhookClient).ConfigurePrimaryHttpMessageHandler(() => app.Server.CreateHandler());
                    s.AddScoped<IVoiceEventHandler, NoopHandler>();
                    s.AddSingleton<IStartupFilter>(Sink);
                });
            });
            _app = app;
            _app.CreateClient().Dispose();
            Dispatcher = ActivatorUtilities.CreateInstance<CallDispatcher>(Services);
            Reconciler = ActivatorUtilities.CreateInstance<CallReconciler>(Services);
            _processors.Add(ActivatorUtilities.CreateInstance<WebhookInboxProcessor>(Services));
            _processors.Add(ActivatorUtilities.CreateInstance<WebhookInboxProcessor>(Services));
        }

        /// <summary>SQLite: a new file. PostgreSQL: a new database on the named server, dropped at the end.</summary>
        public static async Task<Host> StartAsync(string provider, string? connection)
        {
            if (!provider.Equals("postgres", StringComparison.OrdinalIgnoreCase))
            {
                var dir = Directory.CreateTempSubdirectory("convomono-engine-").FullName;
                return new Host(BenchApp.Create(provider, $"Data Source={Path.Combine(dir, "engine.db")};Default Timeout=30"), () =>
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
                    return Task.CompletedTask;
                });
            }
            var name = "engine_" + Guid.NewGuid().ToString("N");
            await using (var admin = new Npgsql.NpgsqlConnection(connection))
            {
                await admin.OpenAsync();
                await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
                await create.ExecuteNonQueryAsync();
            }
            var own = new Npgsql.NpgsqlConnectionStringBuilder(connection) { Database = name, MaxPoolSize = 40 }.ConnectionString;
            return new Host(BenchApp.Create(provider, own), async () =>
            {
                Npgsql.NpgsqlConnection.ClearAllPools();
                await using var admin = new Npgsql.NpgsqlConnection(connection);
                await admin.OpenAsync();
                await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
            });
        }

        public FakeTimeProvider Clock { get; }
        /// <summary>The empty webhook endpoint of the baseline: reads the body and answers 200.</summary>
        public WebhookSink Sink { get; } = new();
        public IServiceProvider Services => _app.Services;
        public TenantDbFactory Tenants => Services.GetRequiredService<TenantDbFactory>();
        public CallDispatcher Dispatcher { get; }
        public CallReconciler Reconciler { get; }
        public RetellCallSimulator Simulator => Services.GetServices<IHostedService>().OfType<RetellCallSimulator>().Single();
        private RetellSimulatorState SimulatorState => Services.GetRequiredService<RetellSimulatorState>();

        /// <summary>A client with credit, its owner signed in, and a number assigned to it.</summary>
        public async Task<(Guid Tenant, HttpClient Owner, Guid NumberId)> ClientAsync(int minutes)
        {
            using var admin = await BenchApp.AdminAsync(_app);
            var ownerEmail = $"owner-{Guid.NewGuid():N}@bench.local";
            var tenant = await BenchApp.CreateClientAsync(admin, "Engine " + Guid.NewGuid().ToString("N")[..8], ownerEmail, minutes);
            var number = await ReadAsync(await admin.PostAsJsonAsync("/api/v1/admin/phone-numbers/import", new
            {
                phone_number = $"+1415{Random.Shared.Next(2_000_000, 9_999_999)}", termination_uri = "convomono.pstn.twilio.com",
            }));
            var numberId = number.GetProperty("id").GetGuid();
            await ReadAsync(await admin.PostAsJsonAsync($"/api/v1/admin/phone-numbers/{numberId}/assign", new { client_id = tenant }));
            var owner = _app.CreateClient();
            owner.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await BenchApp.TokenAsync(owner, ownerEmail, "Owner-Passw0rd!"));
            return (tenant, owner, numberId);
        }

        public async Task<Guid> CampaignAsync(HttpClient owner, Guid numberId, int maxAttempts)
        {
            var campaign = await ReadAsync(await owner.PostAsJsonAsync("/api/v1/campaigns", new
            {
                name = "Engine " + Guid.NewGuid().ToString("N")[..6], general_prompt = "Hi {{first_name}}, this is Sunny Solar.",
                default_variables = new Dictionary<string, string> { ["first_name"] = "there" }, phone_number_id = numberId,
                calling_window = new { start = "08:00", end = "21:00", days = CampaignRules.Weekdays },
                retry = new { max_attempts = maxAttempts, delay_minutes = 1, on = new[] { "no_answer", "busy" } },
                concurrency = PerCampaign, max_call_duration_seconds = 300,
            }));
            return campaign.GetProperty("id").GetGuid();
        }

        public async Task ImportAsync(HttpClient owner, Guid campaign, byte[] csv)
        {
            using var form = new MultipartFormDataContent { { new ByteArrayContent(csv), "file", "leads.csv" } };
            var import = await ReadAsync(await owner.PostAsync($"/api/v1/campaigns/{campaign}/leads/import", form));
            if (import.GetProperty("status").GetString() != "completed" || import.GetProperty("rejected_total").GetInt64() != 0)
                throw new InvalidOperationException("Import did not complete cleanly: " + import);
        }

        public async Task LaunchAsync(HttpClient owner, Guid campaign) =>
            await ReadAsync(await owner.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/launch", new { }));

        public async Task<CampaignStatus> StatusAsync(Guid tenant, Guid campaign)
        {
            await using var db = Tenants.For(tenant);
            return await db.Campaigns.Where(c => c.Id == campaign).Select(c => c.Status).SingleAsync();
        }

        /// <summary>The events the simulator has sent for a client's calls so far (no faults: each once).</summary>
        public int ExpectedEvents(Guid tenant) => SimulatorState.Calls.Values
            .Where(c => c.Call["metadata"]?["client_id"]?.ToString() == tenant.ToString())
            .Sum(c => c.Phase switch
            {
                SimulatedPhase.Analyzed => c.Connected ? 3 : 2,
                SimulatedPhase.Ended => c.Connected ? 2 : 1,
                SimulatedPhase.Ongoing => 1,
                _ => 0,
            });

        /// <summary>The baseline of the campaign run: the same number of calls, placed straight at the simulator with
        /// create-batch-call in waves that keep up to <see cref="PerCampaign"/> calls going (as the dispatcher does),
        /// played round by round on the same clock, their webhooks (signed, over the in-memory server) answered by an
        /// empty endpoint. What the simulator, the in-memory HTTP, the driver and the runtime cost per call, without
        /// the platform.</summary>
        public async Task<(int Rounds, double Seconds, Cpu Used)> BaselineAsync(int calls)
        {
            var state = SimulatorState;
            var from = state.PhoneNumbers.Keys.First();
            var agent = (System.Text.Json.Nodes.JsonObject)state.Agents.Values.First().DeepClone();
            var agentId = "agent_bench_baseline_" + Guid.NewGuid().ToString("N")[..8];
            agent["agent_id"] = agentId;
            agent["webhook_url"] = "http://localhost" + WebhookSink.Path;
            state.Agents[agentId] = agent;
            var apiKey = Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RetellSimulatorOptions>>().Value.ApiKey;
            using var retell = _app.CreateClient();
            retell.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            var received = Sink.Received;
            var cpu = Cpu.Now();
            var wall = Stopwatch.StartNew();
            int created = 0, rounds = 0;
            while (created < calls || state.Unfinished > 0)
            {
                var room = Math.Min(PerCampaign - state.InProgress, calls - created);
                if (room > 0)
                {
                    var tasks = Enumerable.Range(created, room).Select(i => new
                    {
                        to_number = $"+1{(i % 4) switch { 0 => "212", 1 => "312", 2 => "303", _ => "415" }}{200 + i / 4 / 10_000}{i / 4 % 10_000:0000}",
                        override_agent_id = agentId,
                        metadata = new { client_id = "baseline", campaign_id = "baseline", lead_id = Guid.NewGuid(), attempt = 1 },
                        retell_llm_dynamic_variables = new { first_name = "Lead" + i },
                    });
                    (await retell.PostAsJsonAsync("/simulator/retell/create-batch-call", new { from_number = from, name = "baseline", tasks })).EnsureSuccessStatusCode();
                    created += room;
                }
                for (var i = 0; i < 3; i++)
                {
                    Clock.Advance(TimeSpan.FromSeconds(2));
                    Simulator.Step();
                }
                await Task.Delay(2);
                rounds++;
            }
            var expected = state.Calls.Values.Where(c => c.Call["metadata"]?["client_id"]?.ToString() == "baseline").Sum(c => c.Connected ? 3 : 2);
            for (var waited = 0; Sink.Received - received < expected && waited < 30_000; waited += 10) await Task.Delay(10);
            var used = Cpu.Now() - cpu;
            if (Sink.Received - received != expected)
                throw new InvalidOperationException($"The baseline's sink got {Sink.Received - received} of {expected} webhooks");
            return (rounds, wall.Elapsed.TotalSeconds, used);
        }

        public async Task<int> InboxCountAsync()
        {
            await using var db = Tenants.Platform();
            return await db.WebhookEvents.CountAsync();
        }

        public async Task<int> UnprocessedAsync()
        {
            await using var db = Tenants.Platform();
            return await db.WebhookEvents.CountAsync(e => e.Status != WebhookEventStatus.Processed);
        }

        private async Task<int> DueAsync()
        {
            var now = Clock.GetUtcNow().UtcDateTime;
            await using var db = Tenants.Platform();
            return await db.WebhookEvents.CountAsync(e => e.Status == WebhookEventStatus.Pending && e.NextAttemptAt <= now);
        }

        /// <summary>Waits until the inbox stops growing: the simulator's deliveries have landed.</summary>
        public async Task SettleDeliveriesAsync()
        {
            var last = -1;
            for (var quiet = 0; quiet < 3;)
            {
                await Task.Delay(100);
                var now = await InboxCountAsync();
                quiet = now == last ? quiet + 1 : 0;
                last = now;
            }
        }

        /// <summary>Processes the inbox until it is empty with this many processors side by side, timed.</summary>
        public async Task<Drained> DrainAsync(int processors)
        {
            var cpu = Cpu.Now();
            var start = Stopwatch.GetTimestamp();
            // Each processor works until the inbox is empty (as the background loop would, without its idle pause): a pass
            // that finds nothing free while the other holds the rest does not end it.
            var counts = await Task.WhenAll(_processors.Take(processors).Select(p => Task.Run(async () =>
            {
                var total = 0;
                while (true)
                {
                    var n = await p.RunOnceAsync(default);
                    total += n;
                    if (n > 0) continue;
                    if (await DueAsync() == 0) return total;
                    await Task.Delay(2);
                }
            })));
            return new Drained(counts.Sum(), Stopwatch.GetElapsedTime(start).TotalSeconds, Cpu.Now() - cpu);
        }

        public async Task DrainOnceAsync()
        {
            for (var i = 0; i < 100 && await _processors[0].RunOnceAsync(default) > 0; i++) { }
        }

        /// <summary>Copies the most recent call events' payloads as new pending events of the no-op type.</summary>
        public async Task<int> CopyAsNoopAsync(int count)
        {
            await using var db = Tenants.Platform();
            var source = await db.WebhookEvents.AsNoTracking().Where(e => e.EventType != Noop).OrderByDescending(e => e.Id).Take(count)
                .Select(e => e.Payload).ToListAsync();
            var now = Clock.GetUtcNow().UtcDateTime;
            var run = Guid.NewGuid().ToString("N")[..8];
            foreach (var chunk in source.Select((payload, i) => new WebhookEvent
                     {
                         Provider = "retell", EventType = Noop, ProviderCallId = $"noop_{run}_{i}", DedupKey = $"{Noop}:{run}:{i}",
                         Payload = payload, ReceivedAt = now, NextAttemptAt = now,
                     }).Chunk(1_000))
            {
                await using var insert = Tenants.Platform();
                insert.WebhookEvents.AddRange(chunk);
                await insert.SaveChangesAsync();
            }
            return source.Count;
        }

        private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
        {
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {text}");
            return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }

        public async ValueTask DisposeAsync()
        {
            await _app.DisposeAsync();
            await _root.DisposeAsync();
            await _drop();
        }
    }

    /// <summary>An empty webhook endpoint for the baseline: it reads each body (as the intake must) and answers 200.</summary>
    private sealed class WebhookSink : IStartupFilter
    {
        public const string Path = "/bench/sink";
        private long _received;
        public long Received => Interlocked.Read(ref _received);

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, then) =>
            {
                if (context.Request.Path != Path)
                {
                    await then(context);
                    return;
                }
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                Interlocked.Increment(ref _received);
                context.Response.StatusCode = 200;
            });
            next(app);
        };
    }
}

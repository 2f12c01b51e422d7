using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ConvoMono.Features.Calls;
using ConvoMono.Infrastructure.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ConvoMono.Bench;

/// <summary>Reports over a big history: a generator fills the database with <c>BENCH_CALLS</c> (default 1,000,000)
/// ended calls across <c>BENCH_CLIENTS</c> (default 200) clients, 5 campaigns each, over the last three months, then builds
/// the daily rollup from them (<see cref="CallStatsRollup.RebuildAsync"/>, the same sums the engine maintains as calls
/// end). Timed over HTTP (in-process server, bearer tokens): the super admin's profit report for last month grouped by
/// client, campaign and day, and client dashboards for the last 30 days. Baseline in the same run: <c>GET /api/v1/me</c>
/// with the same authentication (the pipeline and token check alone).</summary>
public static class ReportsBenchmark
{
    private static readonly int Calls = EnvInt("BENCH_CALLS", 1_000_000);
    private static readonly int Clients = EnvInt("BENCH_CLIENTS", 200);
    private const int CampaignsPerClient = 5;
    private const int Runs = 60;

    public static async Task<bool> RunAsync(string provider, string? connection)
    {
        await using var root = BenchApp.Create(provider, connection);
        WebApplicationFactory<Program> app = null!;
        app = root.WithWebHostBuilder(b => b.ConfigureServices(services =>
        {
            BenchApp.RemoveJobs(services);
            // Campaigns sync to the built-in Retell simulator, served by this in-memory app.
            services.AddHttpClient<ConvoMono.Infrastructure.Voice.RetellClient>().ConfigurePrimaryHttpMessageHandler(() => app.Server.CreateHandler());
        }));
        using var admin = await BenchApp.AdminAsync(app);
        Console.WriteLine($"reports benchmark on {provider}: {Calls:N0} calls, {Clients} clients × {CampaignsPerClient} campaigns, {Environment.ProcessorCount} cores");

        // ---- The generator (not timed as a figure) ----
        var setup = Stopwatch.StartNew();
        var tenants = new List<(Guid Id, string OwnerEmail, Guid[] Campaigns)>();
        for (var c = 0; c < Clients; c++)
        {
            var email = $"owner{c}-{Guid.NewGuid():N}@bench.local";
            var id = await BenchApp.CreateClientAsync(admin, $"Client {c:000}", email, initialMinutes: 0, incrementSeconds: c % 3 == 0 ? 6 : 60);
            tenants.Add((id, email, []));
        }
        for (var c = 0; c < tenants.Count; c++)
        {
            using var owner = app.CreateClient();
            owner.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await BenchApp.TokenAsync(owner, tenants[c].OwnerEmail, "Owner-Passw0rd!"));
            var ids = new Guid[CampaignsPerClient];
            for (var k = 0; k < CampaignsPerClient; k++)
            {
                var response = await owner.PostAsJsonAsync("/api/v1/campaigns", new { name = $"Campaign {k}", general_prompt = "Hello {{first_name}}" });
                ids[k] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            }
            tenants[c] = tenants[c] with { Campaigns = ids };
        }
        Console.WriteLine($"  set-up: {Clients} clients and {Clients * CampaignsPerClient} campaigns through the API in {setup.Elapsed.TotalSeconds:N0} s");

        setup.Restart();
        var now = DateTime.UtcNow;
        var firstDay = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(-2);
        var span = (now - firstDay).TotalSeconds;
        var random = new Random(7);
        string[] sentiments = ["Positive", "Neutral", "Negative", "Unknown"];
        const int chunk = 5_000;
        for (var done = 0; done < Calls; done += chunk)
        {
            await using var db = app.Services.GetRequiredService<TenantDbFactory>().Platform();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = done; i < Math.Min(Calls, done + chunk); i++)
            {
                // Busier clients first (a long tail, as in real life).
                var t = tenants[(int)(Math.Pow(random.NextDouble(), 2) * tenants.Count)];
                var ended = firstDay.AddSeconds(random.NextDouble() * span);
                var roll = random.Next(100);
                var outcome = roll < 12 ? CallOutcome.Converted : roll < 45 ? CallOutcome.NotConverted : roll < 75 ? CallOutcome.NoAnswer
                    : roll < 82 ? CallOutcome.Busy : roll < 95 ? CallOutcome.Voicemail : CallOutcome.Failed;
                var connected = outcome is CallOutcome.Converted or CallOutcome.NotConverted or CallOutcome.Voicemail;
                var seconds = connected ? random.Next(10, 400) : 0;
                var billed = connected ? (long)Math.Ceiling(seconds / 60.0) * 60 : 0;
                db.Calls.Add(new Call
                {
                    TenantId = t.Id, CampaignId = t.Campaigns[random.Next(CampaignsPerClient)], LeadId = Guid.NewGuid(), Attempt = 1, WaveId = Guid.Empty,
                    RetellCallId = $"call_gen_{i:x8}", Status = CallStatus.Analyzed, Outcome = outcome, ToNumber = "+12125550100", FromNumber = "+14155550100",
                    MaxDurationSeconds = 600, CreatedAt = ended.AddSeconds(-seconds - 20), DispatchedAt = ended.AddSeconds(-seconds - 20),
                    StartedAt = ended.AddSeconds(-seconds), EndedAt = ended, AnalyzedAt = ended.AddSeconds(5), DurationSeconds = seconds,
                    BilledSeconds = billed, BilledAmount = Math.Round(billed / 60m * 0.2m, 2), Currency = "USD",
                    RetellCost = connected ? Math.Round(seconds * 0.0021m, 6) : 0, Sentiment = sentiments[random.Next(connected ? 3 : 4)],
                    Successful = outcome == CallOutcome.Converted, UpdatedAt = ended.AddSeconds(5),
                });
            }
            await db.SaveChangesAsync();
        }
        Console.WriteLine($"  generator: {Calls:N0} calls inserted in {setup.Elapsed.TotalSeconds:N0} s");
        setup.Restart();
        await using (var db = app.Services.GetRequiredService<TenantDbFactory>().Platform())
        {
            await CallStatsRollup.RebuildAsync(db, default);
            Console.WriteLine($"  rollup rebuilt from the calls in {setup.Elapsed.TotalSeconds:N0} s: {await db.CallDayStats.IgnoreQueryFilters().CountAsync():N0} day rows");
            if (provider.Equals("postgres", StringComparison.OrdinalIgnoreCase)) await db.Database.ExecuteSqlRawAsync("ANALYZE");
        }

        // ---- Timed ----
        var lastMonth = new DateTime(now.Year, now.Month, 1).AddMonths(-1);
        var range = $"from={lastMonth:yyyy-MM-dd}&to={lastMonth.AddMonths(1).AddDays(-1):yyyy-MM-dd}";
        var owners = new List<HttpClient>();
        foreach (var t in tenants.Take(20))
        {
            var http = app.CreateClient();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await BenchApp.TokenAsync(http, t.OwnerEmail, "Owner-Passw0rd!"));
            owners.Add(http);
        }
        var ok = true;
        Console.WriteLine($"  {"request",-70} {"p50",8} {"p95",8} {"max",8}  rows");
        ok &= await TimeAsync("baseline: GET /api/v1/me (admin)", _ => admin.GetAsync("/api/v1/me"));
        foreach (var group in new[] { "client", "campaign", "day" })
            ok &= await TimeAsync($"GET /api/v1/admin/reports/profit?{range}&group_by={group}",
                _ => admin.GetAsync($"/api/v1/admin/reports/profit?{range}&group_by={group}"), rows: "rows");
        ok &= await TimeAsync("baseline: GET /api/v1/me (client owners)", i => owners[i % owners.Count].GetAsync("/api/v1/me"));
        ok &= await TimeAsync("GET /api/v1/analytics/dashboard (last 30 days, 20 clients)", i => owners[i % owners.Count].GetAsync("/api/v1/analytics/dashboard"));

        // The reports add up to what the calls say.
        var report = await (await admin.GetAsync($"/api/v1/admin/reports/profit?{range}&group_by=day")).Content.ReadFromJsonAsync<JsonElement>();
        await using (var db = app.Services.GetRequiredService<TenantDbFactory>().Platform())
        {
            var from = lastMonth;
            var to = lastMonth.AddMonths(1);
            var billed = await db.Calls.IgnoreQueryFilters().Where(c => c.EndedAt >= from && c.EndedAt < to).SumAsync(c => c.BilledSeconds ?? 0);
            var reported = report.GetProperty("totals").GetProperty("billed_seconds").GetInt64();
            ok &= Check($"profit report's billed seconds for last month {reported:N0} = the calls' {billed:N0}", reported == billed);
        }
        foreach (var owner in owners) owner.Dispose();
        return ok;
    }

    private static async Task<bool> TimeAsync(string name, Func<int, Task<HttpResponseMessage>> request, string? rows = null)
    {
        for (var i = 0; i < 5; i++) (await request(i)).Dispose(); // warm-up
        var times = new double[Runs];
        var count = 0;
        var status = 200;
        for (var i = 0; i < Runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await request(i);
            var body = await response.Content.ReadAsStringAsync();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (!response.IsSuccessStatusCode) status = (int)response.StatusCode;
            if (rows is not null && response.IsSuccessStatusCode)
                count = JsonDocument.Parse(body).RootElement.GetProperty(rows).GetArrayLength();
        }
        Array.Sort(times);
        Console.WriteLine($"  {name,-70} {times[Runs / 2],6:N1}ms {times[(int)(Runs * 0.95)],6:N1}ms {times[^1],6:N1}ms  {(rows is null ? "" : count.ToString())}" +
                          (status == 200 ? "" : $"  FAILED: {status}"));
        return status == 200;
    }

    private static bool Check(string what, bool ok)
    {
        Console.WriteLine($"  {(ok ? "OK      " : "MISMATCH")} {what}");
        return ok;
    }

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var v) && v > 0 ? v : fallback;
}

using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ConvoMono.Features.Credits;
using ConvoMono.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ConvoMono.Bench;

/// <summary>Ledger throughput as the dialer uses it: each call is a hold (its max duration) then a settle (billable
/// seconds consumed, the rest released), spread over 50 clients and then all on one client (every operation
/// contends for one totals row). The baseline inserts the same rows (hold + reserve, consume and release entries),
/// one transaction per call, without the ledger's checks, in the same run.</summary>
public static class LedgerBenchmark
{
    private const int Calls = 4_000;
    private const int BatchedCalls = 40_000;
    private const int Batch = 50;
    private const int Workers = 16;

    public static async Task RunAsync(string provider, string? connection)
    {
        await using var factory = BenchApp.Create(provider, connection);
        using var http = await BenchApp.AdminAsync(factory);
        var clients = new List<Guid>();
        for (var i = 0; i < 51; i++)
            clients.Add(await BenchApp.CreateClientAsync(http, $"Bench {i}", $"owner{i}-{Guid.NewGuid():N}@bench.local", 10_000_000, 6));
        var ledger = factory.Services.GetRequiredService<CreditLedger>();
        var spread = clients.Take(50).ToArray();
        var single = new[] { clients[50] };

        Console.WriteLine($"ledger benchmark on {provider}: calls = hold + settle, {Workers} workers, {Environment.ProcessorCount} cores");
        await MeasureAsync("warm-up", factory, ledger, spread, 500, print: false);
        await MeasureBatchedAsync("warm-up", ledger, spread, 2_000, print: false);
        var bare = await BareInsertAsync(factory, spread, Calls);
        var many = await MeasureAsync("one call per operation, 50 clients", factory, ledger, spread, Calls);
        var one = await MeasureAsync("one call per operation, 1 client", factory, ledger, single, Calls);
        var bareBatched = await BareInsertAsync(factory, spread, BatchedCalls, Batch);
        var manyBatched = await MeasureBatchedAsync("batches of 50, 50 clients", ledger, spread, BatchedCalls);
        var oneBatched = await MeasureBatchedAsync("batches of 50, 1 client", ledger, single, BatchedCalls);
        Console.WriteLine($"  {"bare insert, one call per transaction",-48} {bare,8:N0} calls/s");
        Console.WriteLine($"  {"ledger, one call per operation, 50 clients",-48} {many,8:N0} calls/s   {many / bare,5:P0} of its baseline");
        Console.WriteLine($"  {"ledger, one call per operation, 1 client",-48} {one,8:N0} calls/s   {one / bare,5:P0} of its baseline");
        Console.WriteLine($"  {"bare insert, 50 calls per transaction",-48} {bareBatched,8:N0} calls/s");
        Console.WriteLine($"  {"ledger, batches of 50, 50 clients",-48} {manyBatched,8:N0} calls/s   {manyBatched / bareBatched,5:P0} of its baseline");
        Console.WriteLine($"  {"ledger, batches of 50, 1 client",-48} {oneBatched,8:N0} calls/s   {oneBatched / bareBatched,5:P0} of its baseline");
    }

    private static async Task<double> MeasureAsync(string name, WebApplicationFactory<Program> factory, CreditLedger ledger, Guid[] clients,
        int calls, bool print = true)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var next = -1;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < calls)
            {
                var tenant = clients[i % clients.Length];
                var key = $"{run}:{i}";
                await ledger.PlaceCallHoldAsync(tenant, Guid.Empty, key, 300, default);
                await ledger.SettleCallAsync(tenant, key, "call_" + key, 17 + i % 200, default);
            }
        })));
        stopwatch.Stop();
        var rate = calls / stopwatch.Elapsed.TotalSeconds;
        if (print) Console.WriteLine($"  ({name}: {calls:N0} calls in {stopwatch.Elapsed.TotalSeconds:N1} s)");
        return rate;
    }

    /// <summary>A wave of 50 holds in one transaction, then the same 50 settled in one transaction.</summary>
    private static async Task<double> MeasureBatchedAsync(string name, CreditLedger ledger, Guid[] clients, int calls, bool print = true)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var next = -1;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            int b;
            while ((b = Interlocked.Increment(ref next)) < calls / Batch)
            {
                var tenant = clients[b % clients.Length];
                var keys = Enumerable.Range(0, Batch).Select(i => $"{run}:{b}:{i}").ToList();
                await ledger.PlaceCallHoldsAsync(tenant, Guid.Empty, keys.Select(k => new HoldRequest(k, 300)).ToList(), default);
                await ledger.SettleCallsAsync(tenant, keys.Select((k, i) => new SettleRequest(k, "call_" + k, 17 + i * 3)).ToList(), default);
            }
        })));
        stopwatch.Stop();
        if (print) Console.WriteLine($"  ({name}: {calls:N0} calls in {stopwatch.Elapsed.TotalSeconds:N1} s)");
        return calls / stopwatch.Elapsed.TotalSeconds;
    }

    private static async Task<double> BareInsertAsync(WebApplicationFactory<Program> factory, Guid[] clients, int calls, int perTransaction = 1)
    {
        var dbs = factory.Services.GetRequiredService<TenantDbFactory>();
        var run = Guid.NewGuid().ToString("N")[..8];
        var next = -1;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < calls / perTransaction)
            {
                var tenant = clients[i % clients.Length];
                var now = DateTime.UtcNow;
                await using var db = dbs.For(tenant);
                for (var j = 0; j < perTransaction; j++)
                {
                var key = $"bare:{run}:{i}:{j}";
                var hold = new CreditHold { TenantId = tenant, Key = key, Kind = CreditHoldKind.Call, Seconds = 300, CreatedAt = now, Closed = true };
                db.CreditHolds.Add(hold);
                db.CreditEntries.Add(CreditEntry.Create(tenant, CreditEntryKind.Reserve, -300, now, "bench", holdId: hold.Id, idempotencyKey: "reserve:" + key));
                db.CreditEntries.Add(CreditEntry.Create(tenant, CreditEntryKind.Consume, -60, now, "bench", holdId: hold.Id, idempotencyKey: "consume:" + key));
                db.CreditEntries.Add(CreditEntry.Create(tenant, CreditEntryKind.Release, 300, now, "bench", holdId: hold.Id, idempotencyKey: "release:" + key));
                }
                await db.SaveChangesAsync();
            }
        })));
        stopwatch.Stop();
        return calls / stopwatch.Elapsed.TotalSeconds;
    }
}

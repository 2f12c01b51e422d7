using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace ConvoMono.Bench;

/// <summary>What authentication and tenant resolution cost per request: GET /api/v1/me with an API key (hash, key
/// lookup, client status, last-used throttle) and with an access token (decrypt, user and client check), against
/// GET /health/live (no auth, no database) measured in the same run.</summary>
public static class AuthBenchmark
{
    private const int Requests = 20_000;
    private const int Parallelism = 8;

    public static async Task RunAsync(string provider, string? connection)
    {
        await using var factory = BenchApp.Create(provider, connection);
        using var http = await BenchApp.AdminAsync(factory);
        var ownerEmail = $"owner-{Guid.NewGuid():N}@bench.local";
        await BenchApp.CreateClientAsync(http, "Bench", ownerEmail);
        var ownerToken = await BenchApp.TokenAsync(http, ownerEmail, "Owner-Passw0rd!");
        using var owner = factory.CreateClient();
        owner.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ownerToken);
        var key = (await (await owner.PostAsJsonAsync("/api/v1/api-keys", new { name = "bench" })).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("secret").GetString()!;

        Console.WriteLine($"auth benchmark on {provider}: {Requests:N0} requests, {Parallelism} in parallel, {Environment.ProcessorCount} cores");
        var baseline = await MeasureAsync(factory, null, "/health/live");
        var withKey = await MeasureAsync(factory, key, "/api/v1/me");
        var withToken = await MeasureAsync(factory, ownerToken, "/api/v1/me");
        Report("GET /health/live (baseline, no auth)", baseline, baseline);
        Report("GET /api/v1/me with an API key", withKey, baseline);
        Report("GET /api/v1/me with an access token", withToken, baseline);
    }

    private static async Task<Result> MeasureAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> factory, string? bearer, string path)
    {
        var clients = Enumerable.Range(0, Parallelism).Select(_ =>
        {
            var c = factory.CreateClient();
            if (bearer is not null) c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            return c;
        }).ToArray();
        foreach (var c in clients) for (var i = 0; i < 200; i++) (await c.GetAsync(path)).EnsureSuccessStatusCode();

        var latencies = new double[Requests];
        var next = -1;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select(async c =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < Requests)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await c.GetAsync(path);
                response.EnsureSuccessStatusCode();
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }));
        total.Stop();
        foreach (var c in clients) c.Dispose();
        Array.Sort(latencies);
        return new Result(Requests / total.Elapsed.TotalSeconds, latencies[Requests / 2], latencies[(int)(Requests * 0.99)]);
    }

    private static void Report(string name, Result r, Result baseline) =>
        Console.WriteLine($"  {name,-40} {r.PerSecond,9:N0} req/s   p50 {r.P50,6:N2} ms   p99 {r.P99,6:N2} ms   {r.PerSecond / baseline.PerSecond,5:P0} of baseline");

    private sealed record Result(double PerSecond, double P50, double P99);
}

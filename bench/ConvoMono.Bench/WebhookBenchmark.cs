using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ConvoMono.Features.VoiceWebhooks;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Voice;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ConvoMono.Bench;

/// <summary>Retell webhook intake, <c>POST /webhooks/retell</c>, over real HTTP: the app on Kestrel (127.0.0.1, a
/// free port) and an HttpClient from concurrent workers sending distinct, validly signed <c>call_ended</c> events
/// (~2 KB each), every one checked, stored in the inbox (webhook_events) and answered 204. The inbox processor and
/// the other background jobs are off, so only the intake is measured. Then the same events again (redeliveries:
/// 204, no new row), and the same number at a fixed offered rate (open loop, the target's reading). The baseline, in
/// the same run and host: the same bodies, signatures and concurrency posted to an endpoint that reads the body and
/// answers 204. To show where the time goes: CPU per event of the app and of PostgreSQL, the JIT's work, and the
/// handler's store step alone (with and without its duplicate pre-check) in-process, without HTTP.</summary>
public static class WebhookBenchmark
{
    private static readonly int Workers = EnvInt("BENCH_WORKERS", 32);
    private static readonly int Events = EnvInt("BENCH_EVENTS", 20_000);
    private static readonly int Rate = EnvInt("BENCH_RATE", 2_000);
    private const int WarmupRound = 2_000;
    private const int MaxWarmupRounds = 15;
    private const int Duplicates = 5_000;
    private const int MaxConnections = 64;
    private static int PacedEvents => Rate * 5;

    public static async Task<bool> RunAsync(string provider, string? connection)
    {
        await using var root = BenchApp.Create(provider, connection);
        var factory = root.WithWebHostBuilder(b =>
        {
            b.UseSetting("urls", "http://127.0.0.1:0");
            b.ConfigureServices(services =>
            {
                // Jobs off, as in the tests' TestAppFactory: the inbox processor would otherwise claim and process the
                // events while they are being taken in.
                BenchApp.RemoveJobs(services);
                services.AddTransient<IStartupFilter, EmptyEndpoint>();
            });
        });
        factory.UseKestrel(0);
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        // The key the app checks signatures with: in Simulator mode the configured Retell key or the simulator's default.
        var retell = await factory.Services.GetRequiredService<RetellSettings>().GetAsync(CancellationToken.None);
        var hmacKey = Encoding.UTF8.GetBytes(retell.ApiKey);

        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = MaxConnections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseCookies = false, UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        }) { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };

        // The measured events (intake, then paced), generated up front; warm-up events under their own prefix.
        var run = Guid.NewGuid().ToString("N")[..8];
        var warmRun = run + "w";
        var bodies = new byte[Events + PacedEvents][];
        for (var i = 0; i < bodies.Length; i++) bodies[i] = Body(run, i);
        var size = bodies.Average(b => b.Length);
        var send = new Sender(http, hmacKey);

        Console.WriteLine($"webhook intake benchmark on {provider}: POST /webhooks/retell over HTTP/1.1 to Kestrel on {address}, " +
                          $"{Workers} workers, {MaxConnections} connections at most, {size:N0}-byte signed call_ended events, " +
                          $"{Environment.ProcessorCount} cores, inbox processor off");

        // Not timed: the signature check is live (a wrong one is refused and not stored) and the baseline answers.
        var (badStatus, _) = await send.PostAsync(WebhookPath, Body(run, -1), sign: false);
        var (emptyStatus, _) = await send.PostAsync(EmptyEndpoint.Path, bodies[0]);
        if (badStatus != 401 || emptyStatus != 204)
            throw new InvalidOperationException($"Sanity check failed: unsigned event {badStatus} (expected 401), baseline {emptyStatus} (expected 204)");

        // Each path is warmed up until the JIT has settled: the app's libraries are not precompiled, and tiering
        // recompiles thousands of methods of the intake path for several seconds after its first requests.
        var warmEmpty = await WarmUpAsync(i => send.PostAsync(EmptyEndpoint.Path, Body(warmRun, i)));
        var warmHealth = await WarmUpAsync(_ => send.GetAsync("/health/live"));
        var warmIntake = await WarmUpAsync(i => send.PostAsync(WebhookPath, Body(warmRun, i)));

        var baseline = await MeasureAsync(send, EmptyEndpoint.Path, bodies, 0, Events, Workers);
        var health = await MeasureAsync(_ => send.GetAsync("/health/live"), Events, Workers);
        var intake = await MeasureAsync(send, WebhookPath, bodies, 0, Events, Workers);
        var afterIntake = await CountAsync(factory, run);
        // Redeliveries of stored events, spread over the intake's range, with fresh signatures as Retell sends them.
        var redelivered = Enumerable.Range(0, Duplicates).Select(i => bodies[(int)((long)i * Events / Duplicates)]).ToArray();
        var duplicates = await MeasureAsync(send, WebhookPath, redelivered, 0, Duplicates, Workers);
        var afterDuplicates = await CountAsync(factory, run);
        // Offered load at the target rate (open loop): latency counts from each event's scheduled send time.
        var pacedBaseline = await MeasureAsync(send, EmptyEndpoint.Path, bodies, Events, PacedEvents, MaxConnections, Rate);
        var paced = await MeasureAsync(send, WebhookPath, bodies, Events, PacedEvents, MaxConnections, Rate);
        var afterPaced = await CountAsync(factory, run);
        var warmStored = await CountAsync(factory, warmRun);

        // Where the time goes: the handler's store step alone (its pre-check query and insert, one context per event),
        // the insert alone, and the context alone, in-process with the same concurrency, no HTTP.
        var store = await StoreOnlyAsync(factory, run + "s", bodies, Events, StoreMode.PreCheckAndInsert);
        var insert = await StoreOnlyAsync(factory, run + "i", bodies, Events, StoreMode.InsertOnly);
        var context = await StoreOnlyAsync(factory, run + "c", bodies, Events, StoreMode.ContextOnly);

        Console.WriteLine($"  warm-up until the JIT settled (rounds of {WarmupRound:N0}): baseline {warmEmpty.Rounds}, GET /health/live {warmHealth.Rounds}, " +
                          $"intake {warmIntake.Rounds} ({warmIntake.Sent:N0} events stored; last round {warmIntake.Last.PerSecond:N0} events/s, " +
                          $"{warmIntake.Last.Used.JitMethods:N0} methods compiled)");
        Console.WriteLine($"  {"phase",-66} {"events/s",9} {"p50",8} {"p95",8} {"p99",8} {"max",8}  {"CPU µs/event: bench+app, postgres, others",43}  {"JIT methods, ms",16}   answers");
        Report($"baseline: POST {EmptyEndpoint.Path} (reads the body, 204), {Workers} workers", baseline, null);
        Report($"reference: GET /health/live (app pipeline, no body), {Workers} workers", health, null);
        Report($"intake: POST {WebhookPath}, {Workers} workers", intake, baseline);
        Report($"duplicates: {Duplicates:N0} stored events re-sent", duplicates, baseline);
        Report($"baseline paced at {Rate:N0}/s offered, {MaxConnections} in flight at most", pacedBaseline, null);
        Report($"intake paced at {Rate:N0}/s offered, {MaxConnections} in flight at most", paced, pacedBaseline);
        Report($"store step only (pre-check + insert), {Workers} tasks, no HTTP", store, null);
        Report($"insert alone (no pre-check), {Workers} tasks, no HTTP", insert, null);
        Report("new context + Add only (no database), same tasks", context, null);

        var ok = Check($"rows after the intake: {afterIntake:N0} (events sent: {Events:N0}, answered 204: {intake.Ok:N0})",
                afterIntake == Events && intake.Ok == Events)
            & Check($"duplicates: {duplicates.Ok:N0} of {Duplicates:N0} answered 204, rows {afterIntake:N0} -> {afterDuplicates:N0}",
                duplicates.Ok == Duplicates && afterDuplicates == afterIntake)
            & Check($"rows after the paced phase: {afterPaced:N0} (expected {Events + PacedEvents:N0})",
                afterPaced == Events + PacedEvents && paced.Ok == PacedEvents)
            & Check($"warm-up rows: {warmStored:N0} (events sent: {warmIntake.Sent:N0}, answered 204: {warmIntake.Ok:N0})",
                warmStored == warmIntake.Sent && warmIntake.Ok == warmIntake.Sent)
            & Check($"baseline answers: {baseline.Ok + pacedBaseline.Ok:N0} of {Events + PacedEvents:N0} were 204",
                baseline.Ok == Events && pacedBaseline.Ok == PacedEvents);
        return ok;
    }

    /// <summary>Rounds of <see cref="WarmupRound"/> requests until one compiles fewer than 50 methods.</summary>
    private static async Task<(int Rounds, int Sent, int Ok, Result Last)> WarmUpAsync(Func<int, Task<(int Status, string? Problem)>> request)
    {
        var (rounds, ok) = (0, 0);
        Result last;
        do
        {
            var offset = rounds * WarmupRound;
            last = await MeasureAsync(i => request(offset + i), WarmupRound, Workers);
            rounds++;
            ok += last.Ok;
        } while (last.Used.JitMethods >= 50 && rounds < MaxWarmupRounds);
        return (rounds, rounds * WarmupRound, ok, last);
    }

    private const string WebhookPath = "/webhooks/retell";

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var v) && v > 0 ? v : fallback;

    private static bool Check(string what, bool ok)
    {
        Console.WriteLine($"  {(ok ? "OK      " : "MISMATCH")} {what}");
        return ok;
    }

    private static async Task<int> CountAsync(WebApplicationFactory<Program> factory, string run)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var prefix = $"call_{run}_";
        return await db.WebhookEvents.CountAsync(e => e.Provider == "retell" && e.ProviderCallId!.StartsWith(prefix));
    }

    private static Task<Result> MeasureAsync(Sender send, string path, byte[][] bodies, int first, int count, int workers, int? rate = null)
    {
        // BENCH_PROGRESS=1: each phase's start on stderr, to attach a profiler (dotnet-trace) to the right phase.
        if (Environment.GetEnvironmentVariable("BENCH_PROGRESS") == "1")
            Console.Error.WriteLine($"{DateTime.Now:HH:mm:ss.fff} pid {Environment.ProcessId}: {count:N0} x POST {path} from #{first}{(rate is null ? "" : $" at {rate}/s")}");
        return MeasureAsync(i => send.PostAsync(path, bodies[first + i]), count, workers, rate);
    }

    /// <summary>Makes <paramref name="count"/> requests with <paramref name="workers"/> workers: as fast as the answers
    /// come (closed loop), or, with a rate, each at its scheduled time (open loop; the latency of a request then counts
    /// from its scheduled time, so falling behind shows).</summary>
    private static async Task<Result> MeasureAsync(Func<int, Task<(int Status, string? Problem)>> request, int count, int workers, int? rate = null)
    {
        var latencies = new double[count];
        var statuses = new int[count];
        string? firstProblem = null;
        var next = -1;
        var cpu = Cpu.Now();
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                if (rate is { } r)
                {
                    var due = start + (long)((double)i / r * Stopwatch.Frequency);
                    var wait = Stopwatch.GetElapsedTime(started, due);
                    if (wait > TimeSpan.Zero) await Task.Delay(wait);
                    started = due;
                }
                var (status, problem) = await request(i);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                statuses[i] = status;
                if (problem is not null) Interlocked.CompareExchange(ref firstProblem, $"{status} {problem}", null);
            }
        })));
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var used = Cpu.Now() - cpu;
        if (firstProblem is not null) Console.WriteLine($"  first refusal: {firstProblem[..Math.Min(400, firstProblem.Length)]}");
        return Result.Of(count, seconds, latencies, statuses, used);
    }

    /// <summary>What <see cref="ReceiveRetellWebhookHandler"/> does to the database per event, without HTTP, the
    /// signature or the JSON: the duplicate pre-check and one insert in a new context; the insert alone; or only the
    /// new context and its Add (no database).</summary>
    private enum StoreMode { PreCheckAndInsert, InsertOnly, ContextOnly }

    private static async Task<Result> StoreOnlyAsync(WebApplicationFactory<Program> factory, string run, byte[][] bodies, int count, StoreMode mode)
    {
        var latencies = new double[count];
        var statuses = new int[count];
        var next = -1;
        var cpu = Cpu.Now();
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var dbs = scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>();
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                var now = DateTime.UtcNow;
                var callId = $"call_{run}_{i:x6}";
                var row = new WebhookEvent
                {
                    Provider = "retell", EventType = "call_ended", ProviderCallId = callId, DedupKey = "call_ended:" + callId,
                    Payload = Encoding.UTF8.GetString(bodies[i]), ReceivedAt = now, NextAttemptAt = now,
                };
                await using var db = await dbs.CreateDbContextAsync();
                if (mode == StoreMode.ContextOnly)
                {
                    // Creates the context's internal services (what its first query or Add does), no database.
                    db.WebhookEvents.Add(row);
                }
                else
                {
                    if (mode == StoreMode.PreCheckAndInsert && await db.WebhookEvents.AnyAsync(e => e.Provider == "retell" && e.DedupKey == row.DedupKey)) continue;
                    db.WebhookEvents.Add(row);
                    await db.SaveChangesAsync();
                }
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                statuses[i] = 204;
            }
        })));
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return Result.Of(count, seconds, latencies, statuses, Cpu.Now() - cpu);
    }

    private static void Report(string name, Result r, Result? baseline) =>
        Console.WriteLine($"  {name,-66} {r.PerSecond,9:N0} {r.P50,6:N2}ms {r.P95,6:N2}ms {r.P99,6:N2}ms {r.Max,6:N1}ms  " +
                          $"{r.Used.ProcessMs * 1000 / r.Count,25:N0} {r.Used.PostgresMs * 1000 / r.Count,8:N0} {r.Used.OthersMs * 1000 / r.Count,8:N0}  " +
                          $"{r.Used.JitMethods,8:N0} {r.Used.JitMs,7:N0}   " +
                          $"{(r.Ok == r.Count ? $"all {r.Count:N0} 2xx" : $"{r.Ok:N0} of {r.Count:N0} 2xx; others: {r.Others}")}" +
                          (baseline is null ? "" : $"   ({r.PerSecond / baseline.PerSecond:P0} of baseline rate)"));

    /// <summary>A distinct Retell <c>call_ended</c> event as Retell sends it (one line of JSON, ~2 KB).</summary>
    private static byte[] Body(string run, int i)
    {
        var seed = (uint)i * 2654435761u;
        var started = 1_764_000_000_000L + i * 1_000L;
        var durationMs = 20_000 + (int)(seed % 240_000);
        var converted = seed % 3 == 0;
        var lines = new[]
        {
            "Agent: Hi, this is Sam from Sunny Solar. Am I speaking with Jordan?",
            "User: Yes, this is Jordan. Who is this again?",
            "Agent: Sam from Sunny Solar. We are offering free roof assessments in your area this month. Do you have a minute?",
            "User: " + (converted ? "Sure, I have been thinking about panels. What does it involve?" : "Not really, I am in the middle of something."),
            "Agent: " + (converted ? "A technician visits for about thirty minutes and you get a written quote. Shall I book Thursday at ten?" : "No problem at all, I will not take more of your time."),
            "User: " + (converted ? "Thursday at ten works for me." : "Thanks, bye."),
            "Agent: " + (converted ? "Wonderful, you are all set for Thursday at ten. Goodbye!" : "Have a nice day, goodbye!"),
        };
        using var buffer = new MemoryStream(2_400);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("event", "call_ended");
            w.WriteStartObject("call");
            w.WriteString("call_id", $"call_{run}_{i:x6}");
            w.WriteString("call_type", "phone_call");
            w.WriteString("agent_id", "agent_4f1c2b9e8d7a6c5b3e2f1a0d");
            w.WriteNumber("agent_version", 3);
            w.WriteString("agent_name", "Sunny Solar outbound");
            w.WriteString("call_status", "ended");
            w.WriteString("direction", "outbound");
            w.WriteString("from_number", "+1415555" + (1000 + seed % 9000).ToString(CultureInfo.InvariantCulture));
            w.WriteString("to_number", "+1212" + (2000000 + seed % 7999999).ToString(CultureInfo.InvariantCulture));
            w.WriteStartObject("metadata");
            w.WriteString("client_id", "0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
            w.WriteString("campaign_id", "0199a1b2-c3d4-7e5f-8a9b-" + (seed % 1000).ToString("x12", CultureInfo.InvariantCulture));
            w.WriteString("lead_id", new Guid((int)seed, (short)i, 0x7000, 0x80, 0, 0, 0, 0, 0, 0, 1).ToString());
            w.WriteNumber("attempt", 1 + (int)(seed % 3));
            w.WriteString("call_id", new Guid(i, 0x1234, 0x7abc, 0x81, 1, 2, 3, 4, 5, 6, 7).ToString());
            w.WriteEndObject();
            w.WriteStartObject("retell_llm_dynamic_variables");
            w.WriteString("first_name", "Jordan");
            w.WriteString("company", "Sunny Solar");
            w.WriteEndObject();
            w.WriteNumber("start_timestamp", started);
            w.WriteNumber("end_timestamp", started + durationMs);
            w.WriteNumber("duration_ms", durationMs);
            w.WriteString("disconnection_reason", converted ? "agent_hangup" : "user_hangup");
            w.WriteString("transcript", string.Join('\n', lines));
            w.WriteStartArray("transcript_object");
            foreach (var line in lines.Take(4))
            {
                w.WriteStartObject();
                w.WriteString("role", line.StartsWith("Agent:", StringComparison.Ordinal) ? "agent" : "user");
                w.WriteString("content", line[(line.IndexOf(':') + 2)..]);
                w.WriteStartArray("words");
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteString("recording_url", $"https://dxc03zgurdly9.cloudfront.net/{run}{i:x6}/recording.wav");
            w.WriteString("public_log_url", $"https://dxc03zgurdly9.cloudfront.net/{run}{i:x6}/public.log");
            var billed = (int)Math.Ceiling(durationMs / 1000.0);
            w.WriteStartObject("call_cost");
            w.WriteStartArray("product_costs");
            foreach (var (product, cents) in new[] { ("elevenlabs_tts", 7m), ("gpt_4o_mini", 0.6m), ("retell_platform", 1.5m) })
            {
                w.WriteStartObject();
                w.WriteString("product", product);
                w.WriteNumber("unit_price", Math.Round(cents / 60m, 6));
                w.WriteNumber("cost", Math.Round(cents / 60m * billed, 4));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("combined_cost", Math.Round(9.1m / 60m * billed, 4));
            w.WriteNumber("total_duration_seconds", billed);
            w.WriteNumber("total_duration_unit_price", Math.Round(9.1m / 60m, 6));
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>Posts a body signed as Retell signs it: <c>x-retell-signature: v=&lt;unix ms&gt;,d=&lt;hex HMAC-SHA256(key,
    /// body ++ ascii(unix ms))&gt;</c>, computed here (not with the app's code), at send time.</summary>
    private sealed class Sender(HttpClient http, byte[] key)
    {
        public async Task<(int Status, string? Problem)> GetAsync(string path)
        {
            using var response = await http.GetAsync(path);
            var text = await response.Content.ReadAsStringAsync();
            return ((int)response.StatusCode == 200 ? 204 : (int)response.StatusCode, response.IsSuccessStatusCode ? null : text);
        }

        public async Task<(int Status, string? Problem)> PostAsync(string path, byte[] body, bool sign = true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json");
            if (sign)
            {
                var stamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
                using var mac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
                mac.AppendData(body);
                mac.AppendData(Encoding.ASCII.GetBytes(stamp));
                request.Headers.TryAddWithoutValidation("x-retell-signature", $"v={stamp},d={Convert.ToHexStringLower(mac.GetHashAndReset())}");
            }
            try
            {
                using var response = await http.SendAsync(request);
                var problem = response.IsSuccessStatusCode ? null : await response.Content.ReadAsStringAsync();
                if (response.IsSuccessStatusCode) await response.Content.LoadIntoBufferAsync();
                return ((int)response.StatusCode, problem);
            }
            catch (HttpRequestException e)
            {
                return (-1, e.Message);
            }
        }
    }

    /// <summary>The baseline: a POST endpoint in front of the app's pipeline (an endpoint mapped after it is out of
    /// reach: the app's GET fallback route turns every unmatched POST into a 405) that reads the body as the webhook
    /// handler does and answers 204. So it is Kestrel, HTTP/1.1, the 2 KB body and the client; what the app's
    /// middleware costs an anonymous request shows in <c>GET /health/live</c>, measured beside it.</summary>
    private sealed class EmptyEndpoint : IStartupFilter
    {
        public const string Path = "/bench/empty";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (HttpContext http, RequestDelegate rest) =>
            {
                if (!HttpMethods.IsPost(http.Request.Method) || http.Request.Path != Path)
                {
                    await rest(http);
                    return;
                }
                using var buffer = new MemoryStream();
                await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
                http.Response.StatusCode = StatusCodes.Status204NoContent;
            });
            next(app);
        };
    }

    private sealed record Result(int Count, double PerSecond, double P50, double P95, double P99, double Max, int Ok, string Others, Cpu Used)
    {
        public static Result Of(int count, double seconds, double[] latencies, int[] statuses, Cpu used)
        {
            var done = latencies.Where((_, i) => statuses[i] != 0).ToArray();
            Array.Sort(done);
            double At(double q) => done.Length == 0 ? double.NaN : done[Math.Min(done.Length - 1, (int)(done.Length * q))];
            var others = string.Join(", ", statuses.Where(s => s != 204).GroupBy(s => s).Select(g => $"{g.Key}: {g.Count():N0}"));
            return new Result(count, count / seconds, At(0.5), At(0.95), At(0.99), done.Length == 0 ? double.NaN : done[^1],
                statuses.Count(s => s == 204), others, used);
        }
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConvoMono.Simulators.Retell;

/// <summary>Plays the simulated calls: dialing, answer or not, talking, ending and analysis, on a clock that runs
/// <see cref="RetellSimulatorOptions.Speed"/> times faster than real time, within the workspace's concurrency, and
/// tells the agent's webhook about each step with signed <c>call_started</c>, <c>call_ended</c> and
/// <c>call_analyzed</c> events (Retell's delivery: 10 s timeout, up to 3 retries), with the configured faults.</summary>
public sealed class RetellCallSimulator(
    RetellSimulatorState state, IOptions<RetellSimulatorOptions> options, IHttpClientFactory http, TimeProvider clock, ILogger<RetellCallSimulator> log)
    : BackgroundService
{
    public const string WebhookClient = "retell-simulator-webhooks";
    private readonly DateTimeOffset _startedReal = clock.GetUtcNow();
    private readonly Random _faults = new(options.Value.Seed + 1);

    /// <summary>Timestamps on calls are real (the platform's) time, so calls land on the right day in reports even at
    /// high speed; durations are simulated time, so at speed &gt; 1 a call's end minus start is shorter than its duration.</summary>
    private long RealNowMs => clock.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Simulated "now" in Unix ms.</summary>
    public long SimNowMs => _startedReal.ToUnixTimeMilliseconds()
        + (long)((clock.GetUtcNow() - _startedReal).TotalMilliseconds * Math.Max(options.Value.Speed, 0.001));

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20), clock);
        while (await timer.WaitForNextTickAsync(ct))
        {
            try { Step(); }
            catch (Exception e) { log.LogError(e, "Retell simulator step failed"); }
        }
    }

    /// <summary>Advances every call whose next moment has come.</summary>
    public void Step()
    {
        var now = SimNowMs;
        var active = state.Active.Values;
        var busy = active.Count(c => c.Phase is SimulatedPhase.Dialing or SimulatedPhase.Ongoing);
        foreach (var call in active.Where(c => c.Phase != SimulatedPhase.Analyzed && c.NextAtSimMs <= now).OrderBy(c => c.CreatedOrder))
        {
            lock (call)
            {
                if (call.Phase == SimulatedPhase.Analyzed || call.NextAtSimMs > now) continue; // a concurrent step got here first
                if (call.Phase == SimulatedPhase.Queued)
                {
                    if (now < call.StartAfterSimMs || busy >= options.Value.ConcurrencyLimit) continue;
                    if (!InsideWindow(call, now))
                    {
                        call.NextAtSimMs = now + 60_000;
                        continue;
                    }
                    busy++;
                }
                else if (call.Phase == SimulatedPhase.Dialing && !call.Connected || call.Phase == SimulatedPhase.Ongoing) busy--;
                Advance(call, now);
                if (call.Phase == SimulatedPhase.Analyzed) state.Active.TryRemove(call.Id, out _);
            }
        }
    }

    private void Advance(SimulatedCall call, long now)
    {
        var c = call.Call;
        switch (call.Phase)
        {
            case SimulatedPhase.Queued:
                call.Phase = SimulatedPhase.Dialing;
                call.NextAtSimMs = now + call.Outcome switch { "no_answer" => 30_000, "busy" => 5_000, "failed" => 2_000, "voicemail" => 15_000, _ => 8_000 };
                break;
            case SimulatedPhase.Dialing when call.Connected:
                call.Phase = SimulatedPhase.Ongoing;
                c["call_status"] = "ongoing";
                c["start_timestamp"] = RealNowMs;
                Send("call_started", call);
                call.NextAtSimMs = now + call.TalkSeconds * 1000L;
                break;
            case SimulatedPhase.Dialing:
                call.Phase = SimulatedPhase.Ended;
                c["call_status"] = "not_connected";
                c["start_timestamp"] = RealNowMs;
                c["end_timestamp"] = RealNowMs;
                c["duration_ms"] = 0;
                c["disconnection_reason"] = call.Outcome switch { "no_answer" => "dial_no_answer", "busy" => "dial_busy", _ => "dial_failed" };
                c["call_cost"] = Cost(0);
                Send("call_ended", call);
                call.NextAtSimMs = now + 1_000;
                break;
            case SimulatedPhase.Ongoing:
                call.Phase = SimulatedPhase.Ended;
                var maxMs = c["__max_call_duration_ms"]?.GetValue<long>() ?? 3_600_000;
                var talkMs = Math.Min(call.TalkSeconds * 1000L, maxMs);
                c["call_status"] = "ended";
                c["end_timestamp"] = RealNowMs;
                c["duration_ms"] = talkMs;
                c["disconnection_reason"] = call.Outcome == "voicemail" ? "voicemail_reached"
                    : call.TalkSeconds * 1000L >= maxMs ? "max_duration_reached" : call.Converted ? "agent_hangup" : "user_hangup";
                var transcript = Transcript(call);
                c["transcript"] = transcript;
                c["transcript_object"] = new JsonArray(transcript.Split('\n').Select(line => (JsonNode)new JsonObject
                {
                    ["role"] = line.StartsWith("Agent:") ? "agent" : "user", ["content"] = line[(line.IndexOf(':') + 2)..], ["words"] = new JsonArray(),
                }).ToArray());
                c["recording_url"] = $"https://simulator.invalid/recordings/{call.Id}.wav";
                c["public_log_url"] = $"https://simulator.invalid/logs/{call.Id}.txt";
                c["call_cost"] = Cost((int)Math.Max(10, Math.Ceiling(talkMs / 1000.0)));
                var p50 = 700 + call.TalkSeconds % 400; // varies between calls without drawing from the seeded outcomes
                c["latency"] = new JsonObject
                {
                    ["e2e"] = new JsonObject
                    {
                        ["p50"] = p50, ["p90"] = p50 + 350, ["p95"] = p50 + 500, ["p99"] = p50 + 800, ["min"] = p50 - 250, ["max"] = p50 + 900,
                        ["num"] = 1 + transcript.Count(ch => ch == '\n'),
                    },
                };
                Send("call_ended", call);
                call.NextAtSimMs = now + 2_000;
                break;
            case SimulatedPhase.Ended:
                call.Phase = SimulatedPhase.Analyzed;
                var converted = call.Converted && call.Outcome == "answered";
                c["call_analysis"] = new JsonObject
                {
                    ["call_summary"] = call.Connected
                        ? (call.Outcome == "voicemail" ? "Reached voicemail and left the message." : converted ? "The callee agreed to the offer." : "The callee was not interested.")
                        : "The call did not connect.",
                    ["call_successful"] = converted,
                    ["user_sentiment"] = !call.Connected ? "Unknown" : converted ? "Positive" : call.Outcome == "voicemail" ? "Neutral" : "Negative",
                    ["in_voicemail"] = call.Outcome == "voicemail",
                    ["custom_analysis_data"] = new JsonObject { ["converted"] = converted, ["do_not_call"] = call.AsksNoMoreCalls },
                };
                Send("call_analyzed", call);
                break;
        }
    }

    private bool InsideWindow(SimulatedCall call, long now)
    {
        if (call.Call["__call_time_window"] is not JsonObject window) return true;
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(window["timezone"]?.GetValue<string>() ?? "America/Los_Angeles", out var tz) ? tz : TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(now), zone);
        if (window["day"] is JsonArray { Count: > 0 } days && days.All(d => d!.GetValue<string>() != local.DayOfWeek.ToString())) return false;
        var minute = local.Hour * 60 + local.Minute;
        return window["windows"] is not JsonArray { Count: > 0 } windows
            || windows.Any(w => minute >= w!["start"]!.GetValue<int>() && minute < w["end"]!.GetValue<int>());
    }

    private JsonObject Cost(int billedSeconds)
    {
        var products = new JsonArray();
        decimal total = 0, unit = 0;
        foreach (var (product, centsPerMinute) in options.Value.PricesCentsPerMinute)
        {
            var perSecond = centsPerMinute / 60m;
            var cost = Math.Round(perSecond * billedSeconds, 4);
            total += cost;
            unit += perSecond;
            products.Add(new JsonObject { ["product"] = product, ["unit_price"] = Math.Round(perSecond, 6), ["cost"] = cost });
        }
        return new JsonObject
        {
            ["product_costs"] = products, ["combined_cost"] = total, ["total_duration_seconds"] = billedSeconds,
            ["total_duration_unit_price"] = Math.Round(unit, 6),
        };
    }

    private string Transcript(SimulatedCall call)
    {
        var begin = call.Call["__begin_message"]?.GetValue<string>() ?? "Hello!";
        if (call.Call["retell_llm_dynamic_variables"] is JsonObject vars)
            foreach (var (key, value) in vars) begin = begin.Replace("{{" + key + "}}", value?.ToString());
        var lines = new List<string> { "Agent: " + begin };
        if (call.Outcome == "voicemail") return lines[0];
        lines.Add("User: Hi, who is this?");
        lines.Add("Agent: I'm calling with a quick offer. Do you have a minute?");
        lines.Add(call.Converted ? "User: Yes, that sounds good, let's do it." : "User: No thanks, I'm not interested.");
        lines.Add(call.Converted ? "Agent: Wonderful, you're all set. Goodbye!" : "Agent: No problem, have a nice day!");
        return string.Join('\n', lines);
    }

    private void Send(string eventType, SimulatedCall call)
    {
        if (string.IsNullOrEmpty(call.WebhookUrl)) return;
        var payload = (JsonObject)call.Call.DeepClone();
        foreach (var key in payload.Select(p => p.Key).Where(k => k.StartsWith("__", StringComparison.Ordinal)).ToList()) payload.Remove(key);
        if (eventType != "call_analyzed") payload.Remove("call_analysis");
        if (eventType == "call_started") foreach (var k in new[] { "transcript", "transcript_object", "call_cost" }) payload.Remove(k);
        var body = new JsonObject { ["event"] = eventType, ["call"] = payload }.ToJsonString();

        var o = options.Value;
        double roll;
        lock (_faults) roll = _faults.NextDouble();
        if (roll < o.WebhookDropRate) return;
        var copies = roll < o.WebhookDropRate + o.WebhookDuplicateRate ? 2 : 1;
        var reorder = !(roll < o.WebhookDropRate + o.WebhookDuplicateRate) && roll < o.WebhookDropRate + o.WebhookDuplicateRate + o.WebhookReorderRate;
        var delay = o.WebhookDelayMs + (reorder ? 1_500 : 0);
        for (var i = 0; i < copies; i++) _ = DeliverAsync(call.WebhookUrl, body, delay);
    }

    private async Task DeliverAsync(string url, string body, int delayMs)
    {
        try
        {
            if (delayMs > 0) await Task.Delay(TimeSpan.FromMilliseconds(delayMs), clock);
            var client = http.CreateClient(WebhookClient);
            for (var attempt = 0; attempt <= 3; attempt++)
            {
                var bytes = Encoding.UTF8.GetBytes(body);
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(bytes) };
                request.Content.Headers.ContentType = new("application/json");
                request.Headers.TryAddWithoutValidation("x-retell-signature", Sign(bytes, options.Value.ApiKey, clock.GetUtcNow().ToUnixTimeMilliseconds()));
                try
                {
                    using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    using var response = await client.SendAsync(request, cts.Token);
                    if (response.IsSuccessStatusCode) return;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
                await Task.Delay(TimeSpan.FromMilliseconds(250 * (attempt + 1)), clock);
            }
            log.LogWarning("Retell simulator gave up delivering a webhook to {Url}", url);
        }
        catch (Exception e) { log.LogWarning(e, "Retell simulator webhook delivery failed"); }
    }

    public static string Sign(byte[] body, string key, long nowMs)
    {
        var stamp = nowMs.ToString(CultureInfo.InvariantCulture);
        var message = body.Concat(Encoding.ASCII.GetBytes(stamp)).ToArray();
        return $"v={stamp},d={Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), message))}";
    }
}

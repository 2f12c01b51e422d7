using System.Net;
using System.Text;
using System.Text.Json;
using ConvoMono.Features.VoiceWebhooks;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Voice;
using ConvoMono.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace ConvoMono.Tests.Features.VoiceWebhooks;

public sealed class RetellWebhookIntakeTests(TestApps apps)
{
    private const string Key = RetellOptions.SimulatorDefaultKey;

    private static HttpRequestMessage Signed(string body, string? header)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/retell") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (header is not null) request.Headers.TryAddWithoutValidation(RetellSignature.Header, header);
        return request;
    }

    private static string Sign(string body, string key = Key, long? at = null) =>
        RetellSignature.Sign(Encoding.UTF8.GetBytes(body), key, at ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    private static string Event(string type, string callId) =>
        JsonSerializer.Serialize(new { @event = type, call = new { call_id = callId, call_type = "phone_call", call_status = "ended" } });

    private static async Task<List<WebhookEvent>> StoredAsync(WebApplicationFactory<Program> factory, string callId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.WebhookEvents.AsNoTracking().Where(e => e.ProviderCallId == callId).ToListAsync();
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task A_signed_event_is_stored_before_the_204_and_a_redelivery_is_acknowledged_once(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var http = api.Anonymous();
        var callId = "call_" + Guid.NewGuid().ToString("N");
        var body = Event("call_ended", callId);

        Assert.Equal(HttpStatusCode.NoContent, (await http.SendAsync(Signed(body, Sign(body)))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await http.SendAsync(Signed(body, Sign(body)))).StatusCode);
        var again = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => http.SendAsync(Signed(body, Sign(body)))));
        Assert.All(again, r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));

        var stored = Assert.Single(await StoredAsync(api.Factory, callId));
        Assert.Equal(("retell", "call_ended", WebhookEventStatus.Pending, body), (stored.Provider, stored.EventType, stored.Status, stored.Payload));
        // Another event of the same call is a different event.
        var analyzed = Event("call_analyzed", callId);
        await http.SendAsync(Signed(analyzed, Sign(analyzed)));
        Assert.Equal(2, (await StoredAsync(api.Factory, callId)).Count);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Unsigned_tampered_stale_future_malformed_and_foreign_signatures_are_401_and_store_nothing(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var http = api.Anonymous();
        var callId = "call_" + Guid.NewGuid().ToString("N");
        var body = Event("call_ended", callId);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        foreach (var (sentBody, header) in new (string, string?)[]
                 {
                     (body, null),
                     (body.Replace("ended", "ENDED"), Sign(body)),
                     (body, Sign(body, at: now - 301_000)),
                     (body, Sign(body, at: now + 301_000)),
                     (body, "v=abc,d=def"),
                     (body, Sign(body, key: "key_of_another_workspace")),
                 })
        {
            var problem = await (await http.SendAsync(Signed(sentBody, header))).ProblemAsync(401);
            Assert.Equal("webhooks.invalid_signature", problem.Code());
        }
        Assert.Empty(await StoredAsync(api.Factory, callId));
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Oversize_and_non_event_bodies_are_refused_and_store_nothing(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var http = api.Anonymous();
        var callId = "call_" + Guid.NewGuid().ToString("N");
        var huge = JsonSerializer.Serialize(new { @event = "call_ended", call = new { call_id = callId, transcript = new string('x', 1_100_000) } });
        Assert.Equal("webhooks.too_large", (await (await http.SendAsync(Signed(huge, Sign(huge)))).ProblemAsync(413)).Code());
        var notEvent = "[1,2,3]";
        Assert.Equal("webhooks.malformed", (await (await http.SendAsync(Signed(notEvent, Sign(notEvent)))).ProblemAsync(400)).Code());
        Assert.Empty(await StoredAsync(api.Factory, callId));
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task An_event_whose_processing_fails_is_retried_later_and_unhandled_types_are_ignored(Db db)
    {
        var api = await apps.ApiAsync(db);
        var handler = new FlakyHandler(failures: 1);
        await using var app = api.Factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.RemoveAll<IVoiceEventHandler>().AddSingleton<IVoiceEventHandler>(handler)));
        using var http = app.CreateClient();
        var callId = "call_" + Guid.NewGuid().ToString("N");
        var ended = Event("call_ended", callId);
        var transcript = Event("transcript_updated", callId);
        await http.SendAsync(Signed(ended, Sign(ended)));
        await http.SendAsync(Signed(transcript, Sign(transcript)));

        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddSeconds(1));
        var processor = ActivatorUtilities.CreateInstance<WebhookInboxProcessor>(app.Services, (TimeProvider)clock);
        await DrainAsync(processor);
        var afterFirst = (await StoredAsync(app, callId)).ToDictionary(e => e.EventType);
        Assert.Equal((WebhookEventStatus.Pending, 1), (afterFirst["call_ended"].Status, afterFirst["call_ended"].Attempts));
        Assert.Contains("simulated failure", afterFirst["call_ended"].LastError);
        Assert.Equal(WebhookEventStatus.Ignored, afterFirst["transcript_updated"].Status);

        await DrainAsync(processor); // not due yet
        Assert.Equal(1, handler.Calls(callId));

        clock.Advance(WebhookInboxProcessor.Backoff(1) + TimeSpan.FromSeconds(1));
        await DrainAsync(processor);
        var done = (await StoredAsync(app, callId)).Single(e => e.EventType == "call_ended");
        Assert.Equal((WebhookEventStatus.Processed, 2), (done.Status, done.Attempts));
        Assert.Null(done.LockedBy);
        Assert.Equal(2, handler.Calls(callId));
    }

    [Fact]
    public async Task Two_processors_on_one_database_never_take_the_same_event()
    {
        var api = await apps.ApiAsync(Db.Postgres);
        var handler = new FlakyHandler(failures: 0);
        await using var app = api.Factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.RemoveAll<IVoiceEventHandler>().AddSingleton<IVoiceEventHandler>(handler)));
        using var http = app.CreateClient();
        var prefix = "call_" + Guid.NewGuid().ToString("N")[..12];
        for (var i = 0; i < 60; i++)
        {
            var body = Event("call_started", $"{prefix}_{i}");
            await http.SendAsync(Signed(body, Sign(body)));
        }
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddSeconds(1));
        var processors = Enumerable.Range(0, 4).Select(_ => ActivatorUtilities.CreateInstance<WebhookInboxProcessor>(app.Services, (TimeProvider)clock)).ToList();
        // Rounds until every event is handled: other tests' events share the database and each round takes a bounded batch.
        for (var round = 0; round < 50 && Enumerable.Range(0, 60).Any(i => handler.Calls($"{prefix}_{i}") == 0); round++)
            await Task.WhenAll(processors.Select(p => Task.Run(() => p.RunOnceAsync(default))));

        for (var i = 0; i < 60; i++) Assert.Equal(1, handler.Calls($"{prefix}_{i}"));
    }

    // Other tests' events share the database; keep passing until nothing is due.
    private static async Task DrainAsync(WebhookInboxProcessor processor)
    {
        for (var i = 0; i < 100 && await processor.RunOnceAsync(default) > 0; i++) { }
    }

    private sealed class FlakyHandler(int failures) : IVoiceEventHandler
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _calls = new();

        public IReadOnlyCollection<string> EventTypes { get; } = ["call_started", "call_ended", "call_analyzed"];

        public int Calls(string callId) => _calls.GetValueOrDefault(callId);

        public Task HandleAsync(WebhookEvent stored, JsonElement payload, CancellationToken ct)
        {
            var n = _calls.AddOrUpdate(stored.ProviderCallId!, 1, (_, c) => c + 1);
            return n <= failures ? throw new InvalidOperationException("simulated failure") : Task.CompletedTask;
        }
    }
}

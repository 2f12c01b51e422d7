using System.Collections.Concurrent;
using System.Text.Json;
using ConvoMono.Features.VoiceWebhooks;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConvoMono.Tests.Features.VoiceWebhooks;

/// <summary>The inbox's claim on PostgreSQL, on a database of its own (no other test's events to take).</summary>
public sealed class InboxClaimTests(TestApps apps)
{
    private const string Type = "test_claim";

    private sealed class CountingBatchHandler : IVoiceEventBatchHandler
    {
        public ConcurrentDictionary<Guid, int> Seen { get; } = new();
        public IReadOnlyCollection<string> EventTypes { get; } = [Type];

        public Task HandleAsync(WebhookEvent stored, JsonElement payload, CancellationToken ct) => throw new NotSupportedException();

        public Task<IReadOnlyDictionary<Guid, Exception>> HandleBatchAsync(IReadOnlyList<(WebhookEvent Stored, JsonElement Payload)> events, CancellationToken ct)
        {
            foreach (var (stored, _) in events) Seen.AddOrUpdate(stored.Id, 1, (_, n) => n + 1);
            return Task.FromResult<IReadOnlyDictionary<Guid, Exception>>(new Dictionary<Guid, Exception>());
        }
    }

    /// <summary>A claim must never wait for a row another transaction holds: an instance marking its batch processed
    /// holds those rows, and a claim that waited on them while holding others deadlocked with it (seen in the engine
    /// benchmark: the loser's 500 events sat leased until the lease ran out).</summary>
    [Fact]
    public async Task A_claim_skips_rows_another_transaction_holds_instead_of_waiting_for_them()
    {
        await using var host = await EngineHost.StartAsync(await apps.GetAsync(Db.Postgres), DateTimeOffset.UtcNow);
        var handler = new CountingBatchHandler();
        await using var app = host.Parent.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IVoiceEventHandler>(handler)));
        var dbs = app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var now = DateTime.UtcNow.AddSeconds(-1);
        var ids = new List<Guid>();
        await using (var db = await dbs.CreateDbContextAsync())
        {
            for (var i = 0; i < 10; i++)
            {
                var e = new WebhookEvent { Provider = "retell", EventType = Type, DedupKey = $"{Type}:{i}", Payload = "{}", ReceivedAt = now, NextAttemptAt = now };
                db.WebhookEvents.Add(e);
                ids.Add(e.Id);
            }
            await db.SaveChangesAsync();
        }
        ids.Sort();
        var processor = ActivatorUtilities.CreateInstance<WebhookInboxProcessor>(app.Services);

        // Another transaction holds the three oldest events (as an UPDATE marking them processed would).
        await using var holder = new Npgsql.NpgsqlConnection(host.Parent.ConnectionString);
        await holder.OpenAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await using (var lockRows = new Npgsql.NpgsqlCommand("SELECT id FROM webhook_events WHERE id = ANY(@ids) FOR UPDATE", holder, tx))
        {
            lockRows.Parameters.AddWithValue("ids", ids.Take(3).ToArray());
            await using var reader = await lockRows.ExecuteReaderAsync();
            while (await reader.ReadAsync()) { }
        }

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var first = await processor.RunOnceAsync(patience.Token); // a claim that waited would be cancelled here
        Assert.Equal(7, first);
        Assert.Equal(ids.Skip(3).Order(), handler.Seen.Keys.Order());

        await tx.CommitAsync();
        Assert.Equal(3, await processor.RunOnceAsync(default));
        Assert.Equal(0, await processor.RunOnceAsync(default));
        Assert.Equal(ids.Order(), handler.Seen.Keys.Order());
        Assert.All(handler.Seen.Values, n => Assert.Equal(1, n));
        await using (var db = await dbs.CreateDbContextAsync())
            Assert.Equal(10, await db.WebhookEvents.CountAsync(e => e.EventType == Type && e.Status == WebhookEventStatus.Processed && e.LockedBy == null));
    }
}

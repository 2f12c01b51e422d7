using System.Data.Common;
using System.Threading.Channels;
using ConvoMono.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace ConvoMono.Features.VoiceWebhooks;

/// <summary>Stores the intake's webhook events by group commit: the events of concurrent requests go to the database
/// together, in one multi-row insert that skips any already stored (unique provider + dedup key), and each request
/// learns whether its event was new. A request is answered only once the statement holding its event has committed,
/// so "stored before 2xx" holds while the database does one round trip for many events instead of two for each.</summary>
public sealed class WebhookInboxWriter(TenantDbFactory dbs, ILogger<WebhookInboxWriter> log) : IAsyncDisposable
{
    public const int MaxBatch = 200;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private Task? _loop;

    /// <summary>True when the event was stored now; false when an event with its dedup key was already stored.</summary>
    public Task<bool> StoreAsync(WebhookEvent row, CancellationToken ct)
    {
        EnsureRunning();
        var pending = new Pending(row, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending)) throw new ObjectDisposedException(nameof(WebhookInboxWriter));
        return pending.Stored.Task.WaitAsync(ct);
    }

    private void EnsureRunning()
    {
        if (_loop is not null) return;
        lock (_gate) _loop ??= Task.Run(LoopAsync);
    }

    private async Task LoopAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending)) batch.Add(pending);
            try
            {
                var stored = await InsertAsync(batch.DistinctBy(p => p.Row.DedupKey).Select(p => p.Row).ToList());
                // Within one batch the first copy of a key is the one stored; later copies are duplicates.
                var answered = new HashSet<string>(StringComparer.Ordinal);
                foreach (var pending in batch)
                    pending.Stored.TrySetResult(stored.Contains(pending.Row.DedupKey) && answered.Add(pending.Row.DedupKey));
            }
            catch (Exception e)
            {
                log.LogError(e, "Storing a batch of {Count} webhook events failed", batch.Count);
                foreach (var pending in batch) pending.Stored.TrySetException(e);
            }
        }
    }

    /// <summary>One INSERT … ON CONFLICT DO NOTHING RETURNING dedup_key (PostgreSQL and SQLite both speak it), with each
    /// value bound through EF's type mapping for the provider (GUIDs, times). Returns the keys that were new.</summary>
    private async Task<HashSet<string>> InsertAsync(IReadOnlyList<WebhookEvent> rows)
    {
        await using var db = dbs.Platform();
        var mappings = db.GetService<IRelationalTypeMappingSource>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        var sql = new System.Text.StringBuilder(
            "INSERT INTO webhook_events (id, provider, event_type, dedup_key, provider_call_id, payload, status, attempts, received_at, next_attempt_at) VALUES ");
        var n = 0;
        foreach (var row in rows)
        {
            if (n > 0) sql.Append(',');
            sql.Append('(');
            object?[] values = [row.Id, row.Provider, row.EventType, row.DedupKey, row.ProviderCallId, row.Payload, row.Status.ToString(), row.Attempts,
                row.ReceivedAt, row.NextAttemptAt];
            for (var i = 0; i < values.Length; i++)
            {
                var name = "p" + n++;
                if (i > 0) sql.Append(',');
                sql.Append('@').Append(name);
                command.Parameters.Add(Parameter(mappings, command, name, values[i], i == 4 ? typeof(string) : null));
            }
            sql.Append(')');
        }
        sql.Append(" ON CONFLICT (provider, dedup_key) DO NOTHING RETURNING dedup_key");
        command.CommandText = sql.ToString();
        var stored = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) stored.Add(reader.GetString(0));
        return stored;
    }

    private static DbParameter Parameter(IRelationalTypeMappingSource mappings, DbCommand command, string name, object? value, Type? nullType)
    {
        var mapping = mappings.FindMapping(value?.GetType() ?? nullType!)!;
        return mapping.CreateParameter(command, name, value, nullable: value is null);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_loop is not null) await _loop;
    }

    private sealed record Pending(WebhookEvent Row, TaskCompletionSource<bool> Stored);
}

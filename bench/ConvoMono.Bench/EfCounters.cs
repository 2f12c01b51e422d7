using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace ConvoMono.Bench;

/// <summary>EF Core's own counters (meter "Microsoft.EntityFrameworkCore": queries, SaveChanges, compiled-query cache
/// hits and misses) and Npgsql's (round trips counted by its duration histogram), summed while the listener lives: a phase's database work counted by EF Core itself. A cache miss is
/// a query EF Core compiles again (expression tree to SQL and a materializer, then JIT): one per query shape is
/// expected; more means a shape that changes per call.</summary>
internal sealed class EfCounters : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _sums = new();

    public EfCounters()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name is "Microsoft.EntityFrameworkCore" or "Npgsql") listener.EnableMeasurementEvents(instrument);
        };
        // Observable instruments report running totals (keep the latest); the others report increments (add them up).
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Record(instrument, value));
        _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => Record(instrument, value));
        // Npgsql's command durations: one measurement per round trip (a batch of statements counts once).
        _listener.SetMeasurementEventCallback<double>((instrument, _, _, _) => _sums.AddOrUpdate(instrument.Name + " (count)", 1, (_, n) => n + 1));
        _listener.Start();
    }

    private void Record(Instrument instrument, long value)
    {
        if (instrument.IsObservable) _sums[instrument.Name] = value;
        else _sums.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value);
    }

    public IReadOnlyDictionary<string, long> Snapshot()
    {
        _listener.RecordObservableInstruments();
        return new Dictionary<string, long>(_sums);
    }

    public void Dispose() => _listener.Dispose();
}

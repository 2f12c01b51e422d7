using ConvoMono.Infrastructure.Phones;

namespace ConvoMono.Features.Analytics.Ops;

public sealed record LogEntryDto(DateTime At, string Level, string Category, string Message);

/// <summary>The last <see cref="Capacity"/> warnings and errors this instance logged, newest first, with phone numbers
/// masked: the system health page's "recent errors". In memory and per instance (a restart empties it).</summary>
public sealed class RecentErrorsLog(TimeProvider clock)
{
    public const int Capacity = 100;
    private readonly LogEntryDto[] _entries = new LogEntryDto[Capacity];
    private readonly Lock _lock = new();
    private int _next;
    private long _total;

    /// <summary>Warnings and errors logged since the start, including those the buffer no longer holds.</summary>
    public long Total => Interlocked.Read(ref _total);

    public void Add(LogLevel level, string category, string message, Exception? exception)
    {
        var text = exception is null ? message : $"{message} — {exception.GetType().Name}: {exception.Message}";
        if (text.Length > 1000) text = text[..1000] + "…";
        var entry = new LogEntryDto(clock.GetUtcNow().UtcDateTime, level.ToString(), category, PhoneMask.Mask(text));
        lock (_lock)
        {
            _entries[_next] = entry;
            _next = (_next + 1) % Capacity;
            _total++;
        }
    }

    public IReadOnlyList<LogEntryDto> Snapshot()
    {
        lock (_lock)
        {
            var list = new List<LogEntryDto>(Capacity);
            for (var i = 1; i <= Capacity; i++)
                if (_entries[(_next - i + Capacity) % Capacity] is { } entry) list.Add(entry);
            return list;
        }
    }
}

/// <summary>Feeds <see cref="RecentErrorsLog"/> with every Warning-or-worse entry, whatever the category.</summary>
[ProviderAlias("RecentErrors")]
public sealed class RecentErrorsLoggerProvider(RecentErrorsLog log) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(log, categoryName);

    public void Dispose() { }

    private sealed class Logger(RecentErrorsLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) log.Add(logLevel, category, formatter(state, exception), exception);
        }
    }
}

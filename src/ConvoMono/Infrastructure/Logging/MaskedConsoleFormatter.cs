using System.Text.Json;
using ConvoMono.Infrastructure.Phones;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace ConvoMono.Infrastructure.Logging;

public sealed class MaskedConsoleFormatterOptions : ConsoleFormatterOptions
{
    /// <summary>One JSON object per line (timestamp, level, category, event id, message, the message's named values,
    /// exception) for log collectors: <c>Logging__Console__FormatterOptions__Json=true</c>. Otherwise one readable line.</summary>
    public bool Json { get; set; }
}

/// <summary>The console log format of the app, plain or JSON, with every phone number masked (<c>+1415•••0123</c>) in the
/// message, its values and the exception: call logs name the numbers called, and logs leave the platform.</summary>
public sealed class MaskedConsoleFormatter(IOptionsMonitor<MaskedConsoleFormatterOptions> options) : ConsoleFormatter(Name)
{
    public new const string Name = "convomono";

    public override void Write<TState>(in LogEntry<TState> entry, IExternalScopeProvider? scopes, TextWriter writer)
    {
        var message = entry.Formatter(entry.State, entry.Exception);
        if (string.IsNullOrEmpty(message) && entry.Exception is null) return;
        var settings = options.CurrentValue;
        var now = settings.UseUtcTimestamp ? DateTimeOffset.UtcNow : DateTimeOffset.Now;
        if (!settings.Json)
        {
            writer.Write($"{now:yyyy-MM-dd HH:mm:ss.fff} {Level(entry.LogLevel)} {entry.Category}[{entry.EventId.Id}] {PhoneMask.Mask(message)}");
            writer.WriteLine();
            if (entry.Exception is not null) writer.WriteLine(PhoneMask.Mask(entry.Exception.ToString()));
            return;
        }
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", now);
            json.WriteString("level", entry.LogLevel.ToString());
            json.WriteString("category", entry.Category);
            json.WriteNumber("event_id", entry.EventId.Id);
            if (entry.EventId.Name is { } name) json.WriteString("event_name", name);
            json.WriteString("message", PhoneMask.Mask(message));
            if (entry.State is IReadOnlyList<KeyValuePair<string, object?>> values && values.Count > 1)
            {
                json.WriteStartObject("values");
                foreach (var (key, value) in values)
                    if (key != "{OriginalFormat}") json.WriteString(key, value is null ? null : PhoneMask.Mask(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""));
                json.WriteEndObject();
            }
            if (entry.Exception is not null) json.WriteString("exception", PhoneMask.Mask(entry.Exception.ToString()));
            json.WriteEndObject();
        }
        writer.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce", LogLevel.Debug => "dbug", LogLevel.Information => "info", LogLevel.Warning => "warn",
        LogLevel.Error => "fail", LogLevel.Critical => "crit", _ => "none",
    };
}

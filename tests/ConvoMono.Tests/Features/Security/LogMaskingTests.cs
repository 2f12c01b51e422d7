using System.Text.Json;
using ConvoMono.Infrastructure.Logging;
using ConvoMono.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace ConvoMono.Tests.Features.Security;

/// <summary>The app's console logs, plain and JSON, never carry a whole phone number.</summary>
public sealed class LogMaskingTests(TestApps apps)
{
    private static string Write(bool json, string template, object?[] args, Exception? exception = null)
    {
        var formatter = new MaskedConsoleFormatter(new StaticOptions(new MaskedConsoleFormatterOptions { Json = json, UseUtcTimestamp = true }));
        var state = new FormattedState(template, args);
        using var writer = new StringWriter();
        formatter.Write(new LogEntry<FormattedState>(LogLevel.Warning, "ConvoMono.Features.Launch.CallDispatcher", new EventId(7, "WaveRefused"), state, exception,
            (s, _) => s.ToString()), null, writer);
        return writer.ToString();
    }

    [Fact]
    public void Plain_and_JSON_lines_mask_numbers_in_the_message_its_values_and_the_exception()
    {
        var plain = Write(false, "Wave to {To} from {From} refused", ["+14155550177", "+12015550100"], new InvalidOperationException("Call to 14155550177 failed"));
        Assert.Contains("Wave to +1415•••0177 from +1201•••0100 refused", plain);
        Assert.Contains("Call to 1415•••0177 failed", plain);
        Assert.DoesNotContain("5550177", plain);

        var line = Write(true, "Wave to {To} refused", ["+14155550177"], new InvalidOperationException("+14155550177 busy"));
        var json = JsonDocument.Parse(line).RootElement;
        Assert.Equal(("Warning", "ConvoMono.Features.Launch.CallDispatcher", 7, "WaveRefused"),
            (json.GetProperty("level").GetString(), json.GetProperty("category").GetString(), json.GetProperty("event_id").GetInt32(), json.GetProperty("event_name").GetString()));
        Assert.Equal("Wave to +1415•••0177 refused", json.GetProperty("message").GetString());
        Assert.Equal("+1415•••0177", json.GetProperty("values").GetProperty("To").GetString());
        Assert.DoesNotContain("5550177", line);
    }

    [Fact]
    public async Task The_app_logs_to_the_console_through_the_masking_formatter()
    {
        var api = await apps.ApiAsync(Db.Sqlite);
        Assert.Equal(MaskedConsoleFormatter.Name, api.Factory.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
    }

    private sealed class StaticOptions(MaskedConsoleFormatterOptions value) : IOptionsMonitor<MaskedConsoleFormatterOptions>
    {
        public MaskedConsoleFormatterOptions CurrentValue => value;
        public MaskedConsoleFormatterOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<MaskedConsoleFormatterOptions, string?> listener) => null;
    }

    /// <summary>What a logging call with a message template passes as its state: the values by name, then the template.</summary>
    private sealed class FormattedState(string template, object?[] args) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly List<KeyValuePair<string, object?>> _values = System.Text.RegularExpressions.Regex.Matches(template, @"\{(\w+)\}")
            .Select((m, i) => new KeyValuePair<string, object?>(m.Groups[1].Value, args[i]))
            .Append(new("{OriginalFormat}", template)).ToList();

        public KeyValuePair<string, object?> this[int index] => _values[index];
        public int Count => _values.Count;
        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _values.GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
        public override string ToString()
        {
            var i = 0;
            return System.Text.RegularExpressions.Regex.Replace(template, @"\{(\w+)\}", _ => Convert.ToString(args[i++]) ?? "");
        }
    }
}

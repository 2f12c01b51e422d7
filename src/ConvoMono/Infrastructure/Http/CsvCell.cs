namespace ConvoMono.Infrastructure.Http;

/// <summary>One CSV cell as a spreadsheet may open it safely: a value that would run as a formula (starting with
/// <c>= + - @</c>, tab or CR) gets a leading quote, and a value with a comma, quote or line break is quoted.</summary>
public static class CsvCell
{
    public static string Of(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    /// <summary>A phone number the platform normalised to E.164 (<c>+</c> and digits only: it cannot carry a formula) is
    /// written as is, so it keeps its <c>+</c>; anything else is escaped like any text.</summary>
    public static string Phone(string? value) =>
        value is { Length: > 1 } && value[0] == '+' && value.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0 ? value : Of(value);

    /// <summary>A row of cells (already made safe with <see cref="Of"/> where they hold text) with CRLF.</summary>
    public static string Row(IEnumerable<string> cells) => string.Join(',', cells) + "\r\n";
}

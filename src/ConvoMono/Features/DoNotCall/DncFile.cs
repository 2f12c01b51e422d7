using System.Text;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Phones;

namespace ConvoMono.Features.DoNotCall;

/// <summary>A do-not-call upload read line by line: a CSV with a header naming a phone column, or one number per line.
/// Everything is read (and a bad file refused) before anything is written, so a refused file changes nothing. Numbers
/// are kept as <see cref="PhoneNormalizer.Key"/> longs: a 20 MB file of a million numbers stays a few MB in memory.</summary>
public sealed class DncFile
{
    public const long MaxBytes = 20 * 1024 * 1024;
    public const int MaxSamples = 20;
    private static readonly string[] PhoneColumnNames = ["phone", "phonenumber", "number", "mobile", "mobilenumber", "cell", "cellphone", "tel", "telephone", "msisdn", "e164"];

    public List<long> Keys { get; } = [];
    public int DuplicatesInFile { get; private set; }
    public int Invalid { get; private set; }
    public List<DncImportSample> Samples { get; } = [];

    public static async Task<DncFile> ReadAsync(Stream content, string defaultCountry, CancellationToken ct)
    {
        var file = new DncFile();
        var seen = new HashSet<long>();
        var head = new byte[4096];
        var headLength = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        if (Array.IndexOf(head, (byte)0, 0, headLength) >= 0)
            throw Bad("dnc.binary_file", "The file is not text. Upload a CSV or a text file with one number per line.");
        // Strict UTF-8: a file in another encoding is refused instead of importing garbled numbers.
        using var reader = new StreamReader(new PrefixedStream(head.AsMemory(0, headLength), content), new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        var lineNumber = 0;
        int? column = null;
        char delimiter = ',';
        var sawLine = false;
        try
        {
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                lineNumber++;
                if (line.Contains('\0')) throw Bad("dnc.binary_file", "The file is not text. Upload a CSV or a text file with one number per line.");
                if (string.IsNullOrWhiteSpace(line)) continue;
                if (!sawLine)
                {
                    sawLine = true;
                    delimiter = DelimiterOf(line);
                    if (HeaderColumn(line, delimiter, defaultCountry) is { } header)
                    {
                        column = header;
                        continue;
                    }
                }
                var value = column is { } c ? Field(line, delimiter, c) : Unquote(line.Trim());
                var normalized = PhoneNormalizer.Normalize(value, defaultCountry);
                if (normalized.E164 is not { } e164)
                {
                    file.Invalid++;
                    if (file.Samples.Count < MaxSamples) file.Samples.Add(new DncImportSample(lineNumber, DncRules.Clip(value), normalized.Error!));
                    continue;
                }
                var key = PhoneNormalizer.Key(e164);
                if (seen.Add(key)) file.Keys.Add(key);
                else file.DuplicatesInFile++;
            }
        }
        catch (DecoderFallbackException)
        {
            throw Bad("dnc.not_utf8", $"Line {lineNumber + 1} is not UTF-8 text. Save the file as UTF-8 CSV and upload it again.");
        }
        if (!sawLine) throw Bad("dnc.empty_file", "The file is empty.");
        return file;
    }

    /// <summary>The phone column of a header row; null when the first line is data (a number, or no letters at all).</summary>
    private static int? HeaderColumn(string line, char delimiter, string defaultCountry)
    {
        var fields = Split(line, delimiter);
        if (fields.Count == 1 && PhoneNormalizer.Normalize(fields[0], defaultCountry).IsValid) return null;
        if (!line.Any(char.IsLetter)) return null;
        for (var i = 0; i < fields.Count; i++)
        {
            var name = new string(fields[i].Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant();
            if (PhoneColumnNames.Contains(name)) return i;
        }
        for (var i = 0; i < fields.Count; i++)
            if (fields[i].Contains("phone", StringComparison.OrdinalIgnoreCase)) return i;
        if (fields.Count == 1 && line.Count(char.IsDigit) >= 6) return null; // one value with letters and digits: a bad number, not a header
        throw Bad("dnc.no_phone_column",
            $"The first line looks like a header but names no phone column (expected one of: phone, phone_number, number, mobile). Found: {DncRules.Clip(line)}");
    }

    private static char DelimiterOf(string line) =>
        line.Contains('\t') ? '\t' : line.Count(ch => ch == ';') > line.Count(ch => ch == ',') ? ';' : ',';

    private static string Field(string line, char delimiter, int index)
    {
        var fields = Split(line, delimiter);
        return index < fields.Count ? fields[index] : "";
    }

    /// <summary>One CSV line into fields: double quotes protect delimiters, and "" inside quotes is a quote.</summary>
    private static List<string> Split(string line, char delimiter)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else current.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == delimiter) { fields.Add(current.ToString().Trim()); current.Clear(); }
            else current.Append(ch);
        }
        fields.Add(current.ToString().Trim());
        return fields;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1].Replace("\"\"", "\"").Trim() : value;

    private static DomainException Bad(string code, string message) => new(code, message, StatusCodes.Status400BadRequest, "file");

    public static DomainException TooLarge() => new("dnc.file_too_large",
        $"The file is larger than {MaxBytes / 1024 / 1024} MB. Split it and upload the parts.", StatusCodes.Status413PayloadTooLarge, "file");
}

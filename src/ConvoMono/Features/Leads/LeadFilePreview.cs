using Sylvan.Data.Csv;

namespace ConvoMono.Features.Leads;

public sealed record LeadColumnDto(string Header, string Name, bool IsPhone);

/// <summary>The first rows of a file and how its columns map: what the upload screen shows before importing.</summary>
public sealed record LeadFilePreviewDto(IReadOnlyList<LeadColumnDto> Columns, string? PhoneColumn, IReadOnlyList<IReadOnlyList<string>> Rows);

public static class LeadFilePreview
{
    /// <summary>Reads the header and up to <paramref name="rows"/> rows; refuses what the importer would refuse up front
    /// (encoding, binary, empty, no header). A missing phone column is reported as <c>phone_column: null</c>.</summary>
    public static async Task<LeadFilePreviewDto> ReadAsync(Stream content, string? phoneColumn, int rows, CancellationToken ct)
    {
        var head = new byte[CsvFileCheck.SniffBytes];
        var length = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        var encoding = CsvFileCheck.EncodingOf(head.AsSpan(0, length));
        var skip = CsvFileCheck.PreambleLength(encoding, head.AsSpan(0, length));
        using var text = new StreamReader(new MemoryStream(head, skip, length - skip), encoding, detectEncodingFromByteOrderMarks: false);
        try
        {
            await using var csv = await CsvFileCheck.ReaderAsync(text, ct);
            var headers = Enumerable.Range(0, csv.FieldCount).Select(csv.GetName).ToList();
            var names = ColumnNames.Normalize(headers);
            var phone = ColumnNames.FindPhone(headers, names, phoneColumn);
            var sample = new List<IReadOnlyList<string>>();
            // The sniffed block may cut the last row short, so only rows before it are shown.
            while (sample.Count < rows && await csv.ReadAsync(ct))
                sample.Add(Enumerable.Range(0, headers.Count).Select(i => i < csv.RowFieldCount ? csv.GetString(i) : "").ToList());
            if (length == head.Length && sample.Count > 1 && sample.Count < rows) sample.RemoveAt(sample.Count - 1);
            return new LeadFilePreviewDto(headers.Select((h, i) => new LeadColumnDto(h, names[i], i == phone)).ToList(),
                phone is { } p ? headers[p] : null, sample);
        }
        catch (CsvRecordTooLargeException)
        {
            throw new Infrastructure.Errors.DomainException("leads.malformed_file", "The first line is longer than 1 MB; the file is not a usable CSV.",
                StatusCodes.Status400BadRequest, "file");
        }
    }
}

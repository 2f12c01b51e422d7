using System.IO.Compression;
using System.Text;

namespace ConvoMono.Features.Leads;

/// <summary>Writes every rejected row, with its line and reason, to a gzip-compressed temporary CSV. Cells that a
/// spreadsheet would run as a formula (starting with <c>= + - @</c>, tab or CR) are prefixed with a quote.</summary>
public sealed class RejectedRowsWriter : IAsyncDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"convomono-rejects-{Guid.NewGuid():N}.csv.gz");
    private readonly IReadOnlyList<string> _headers;
    private StreamWriter? _writer;

    public RejectedRowsWriter(IReadOnlyList<string> headers) => _headers = headers;

    public long Rows { get; private set; }

    public void Write(long line, string reason, string detail, IReadOnlyList<string> values)
    {
        if (_writer is null)
        {
            _writer = new StreamWriter(new GZipStream(File.Create(_path), CompressionLevel.Fastest), new UTF8Encoding(true));
            WriteRow(["line", "reason", "detail", .. _headers]);
        }
        WriteRow([line.ToString(System.Globalization.CultureInfo.InvariantCulture), reason, detail, .. values]);
        Rows++;
    }

    /// <summary>The gzip bytes of the finished file (empty when nothing was rejected).</summary>
    public async Task<byte[]> FinishAsync()
    {
        if (_writer is null) return [];
        await _writer.DisposeAsync();
        _writer = null;
        return await File.ReadAllBytesAsync(_path);
    }

    private void WriteRow(IReadOnlyList<string> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0) _writer!.Write(',');
            _writer!.Write(Cell(cells[i]));
        }
        _writer!.Write("\r\n");
    }

    public static string Cell(string value) => Infrastructure.Http.CsvCell.Of(value);

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null) await _writer.DisposeAsync();
        try { File.Delete(_path); } catch (IOException) { }
    }
}

using System.Text;
using ConvoMono.Infrastructure.Errors;
using Sylvan.Data.Csv;

namespace ConvoMono.Features.Leads;

/// <summary>Looks at the start of an uploaded file and decides how to read it: UTF-8 (with or without BOM) or UTF-16 by
/// its BOM. Anything else (binary, zip/xlsx, PDF, another encoding) is refused with a message that says what to do.</summary>
public static class CsvFileCheck
{
    public const int SniffBytes = 64 * 1024;

    /// <summary>Bytes of the byte order mark at the start of <paramref name="head"/>: reading starts after them, so the
    /// reader keeps the strict encoding chosen here instead of detecting its own.</summary>
    public static int PreambleLength(Encoding encoding, ReadOnlySpan<byte> head) =>
        encoding.Preamble.Length > 0 && head.StartsWith(encoding.Preamble) ? encoding.Preamble.Length : 0;

    /// <summary>The CSV reader every lead file is read with: header row, delimiter detected, a line at most 1 MB.</summary>
    public static Task<CsvDataReader> ReaderAsync(TextReader text, CancellationToken ct) =>
        CsvDataReader.CreateAsync(text, new CsvDataReaderOptions { HasHeaders = true, BufferSize = 1 << 16, MaxBufferSize = 1 << 20 }, ct);

    public static Encoding EncodingOf(ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty) throw Refused("leads.empty_file", "The file is empty.");
        // A header row is a few column names: one that runs past the sniffed block is not a lead file (and a reader would
        // spend long seconds growing its buffer through it).
        if (head.Length >= SniffBytes && head.IndexOfAny((byte)'\n', (byte)'\r') < 0)
            throw Refused("leads.header_too_long", $"The first line is longer than {SniffBytes / 1024} KB, so it is not a header of column names. "
                + "Check that the file is a CSV with one lead per line.");
        if (head.StartsWith("PK\u0003\u0004"u8))
            throw Refused("leads.not_csv", "This is a zip file (perhaps an Excel workbook). Save or export it as CSV and upload that.");
        if (head.StartsWith("%PDF"u8)) throw Refused("leads.not_csv", "This is a PDF. Export the leads as a CSV file.");
        if (head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B])) throw Refused("leads.not_csv", "This is a compressed (gzip) file. Upload the CSV itself.");
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]) || head.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
            throw Refused("leads.unsupported_encoding", "UTF-32 files are not supported. Save the file as UTF-8.");
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return Strict(new UTF8Encoding(false, true), head[3..]);
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            if (head.Length <= 2) throw Refused("leads.empty_file", "The file is empty.");
            return new UnicodeEncoding(bigEndian: head[0] == 0xFE, byteOrderMark: true, throwOnInvalidBytes: true);
        }
        if (head.Contains((byte)0))
            throw Refused("leads.not_csv", "The file holds binary data (or UTF-16 text without a byte order mark). Upload a CSV saved as UTF-8.");
        return Strict(new UTF8Encoding(false, true), head);
    }

    private static Encoding Strict(Encoding utf8, ReadOnlySpan<byte> text)
    {
        try { utf8.GetCharCount(text[..CompleteLength(text)]); }
        catch (DecoderFallbackException)
        {
            throw Refused("leads.unsupported_encoding",
                "The file is not UTF-8 (it looks like Windows-1252 or Latin-1). Save it as \"CSV UTF-8\" and upload it again.");
        }
        if (text.Trim(" \t\r\n"u8).IsEmpty) throw Refused("leads.empty_file", "The file is empty.");
        return utf8;
    }

    /// <summary>The sniffed block may end inside a multi-byte character: only whole characters are checked.</summary>
    private static int CompleteLength(ReadOnlySpan<byte> s)
    {
        for (var back = 1; back <= Math.Min(4, s.Length); back++)
        {
            var b = s[^back];
            if ((b & 0xC0) == 0x80) continue;
            var need = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 1;
            return need > back ? s.Length - back : s.Length;
        }
        return s.Length;
    }

    private static DomainException Refused(string code, string message) => new(code, message, StatusCodes.Status400BadRequest, "file");
}

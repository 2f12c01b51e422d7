using System.Buffers.Binary;
using System.IO.Compression;

namespace ConvoMono.E2E.Support;

/// <summary>Real PNG files made in code, so a test needs no image file on disk.</summary>
public static class TestPng
{
    /// <summary>A square PNG (8-bit RGBA) of a filled circle in the given colour on a transparent background.</summary>
    public static byte[] Circle(int size, byte red, byte green, byte blue)
    {
        var pixels = new MemoryStream();
        var radius = size / 2.0;
        for (var y = 0; y < size; y++)
        {
            pixels.WriteByte(0); // filter type "none" for this row
            for (var x = 0; x < size; x++)
            {
                double dx = x + .5 - radius, dy = y + .5 - radius;
                pixels.Write([red, green, blue, dx * dx + dy * dy <= radius * radius ? (byte)255 : (byte)0]);
            }
        }
        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) pixels.WriteTo(zlib);

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, size);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), size);
        header[8] = 8; // bits per channel
        header[9] = 6; // colour type: RGBA; compression, filter and interlace stay 0

        var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(png, "IHDR"u8, header);
        WriteChunk(png, "IDAT"u8, compressed.ToArray());
        WriteChunk(png, "IEND"u8, []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream png, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        byte[] typed = [.. type, .. data];
        png.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32(typed));
        png.Write(number);
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}

using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ConvoMono.Infrastructure.Data;

/// <summary>Version 7 GUIDs that increase strictly within this process. <see cref="Guid.CreateVersion7()"/> orders by
/// millisecond only: two ids made in the same millisecond (a call's hold and its settlement, two quick requests) compare
/// at random, so a list sorted by id could show them the wrong way round. Here the 12 bits after the version count up
/// within a millisecond (RFC 9562 §6.2, method 1); only past 4,096 ids in one millisecond does the embedded time step
/// ahead of the clock, which nothing reads (records carry their own time). The order holds in .NET, in PostgreSQL's
/// uuid order and in SQLite's text order alike (all compare the bytes from the front).</summary>
public static class SequentialGuid
{
    private static readonly SequentialGuidGenerator Shared = new();

    public static Guid NewGuid() => Shared.Next(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
}

/// <summary>The state behind <see cref="SequentialGuid"/>: the last millisecond used and the count within it.</summary>
public sealed class SequentialGuidGenerator
{
    private readonly Lock _gate = new();
    private long _ms;
    private int _counter;

    public Guid Next(long unixMs)
    {
        long ms;
        int counter;
        lock (_gate)
        {
            if (unixMs > _ms) { _ms = unixMs; _counter = 0; }
            else if (++_counter > 0xFFF) { _ms++; _counter = 0; }
            (ms, counter) = (_ms, _counter);
        }
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes[8..]);
        BinaryPrimitives.WriteInt64BigEndian(bytes[..8], ms << 16);  // 48-bit time in the first six bytes
        bytes[6] = (byte)(0x70 | (counter >> 8));                     // version 7, counter's high 4 bits
        bytes[7] = (byte)counter;
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));                  // RFC 9562 variant
        return new Guid(bytes, bigEndian: true);
    }
}

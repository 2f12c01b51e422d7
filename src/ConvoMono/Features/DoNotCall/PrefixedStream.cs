namespace ConvoMono.Features.DoNotCall;

/// <summary>A forward-only read of bytes already taken from a stream followed by the rest of it: the upload is sniffed
/// for binary content without needing a seekable stream (a Blazor upload is not).</summary>
internal sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : Stream
{
    private ReadOnlyMemory<byte> _prefix = prefix;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (_prefix.IsEmpty) return await rest.ReadAsync(buffer, ct);
        var count = Math.Min(buffer.Length, _prefix.Length);
        _prefix[..count].CopyTo(buffer);
        _prefix = _prefix[count..];
        return count;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_prefix.IsEmpty) return rest.Read(buffer, offset, count);
        var n = Math.Min(count, _prefix.Length);
        _prefix[..n].CopyTo(buffer.AsMemory(offset, n));
        _prefix = _prefix[n..];
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

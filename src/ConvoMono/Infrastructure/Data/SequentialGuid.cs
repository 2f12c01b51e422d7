namespace ConvoMono.Infrastructure.Data;

/// <summary>Version 7 GUIDs that increase strictly within this process. <see cref="Guid.CreateVersion7()"/> orders by
/// millisecond only: two ids made in the same millisecond (an audit entry per request, two quick requests) compare at
/// random, so a list sorted by id could show them the wrong way round. Here each id's timestamp is at least one
/// millisecond past the previous one's; under a burst the embedded time runs slightly ahead of the clock, which nothing
/// reads (records carry their own time).</summary>
public static class SequentialGuid
{
    private static long _last;

    public static Guid NewGuid()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        long last, next;
        do
        {
            last = Interlocked.Read(ref _last);
            next = Math.Max(now, last + 1);
        } while (Interlocked.CompareExchange(ref _last, next, last) != last);
        return Guid.CreateVersion7(DateTimeOffset.FromUnixTimeMilliseconds(next));
    }
}

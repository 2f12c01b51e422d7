using ConvoMono.Infrastructure.Data;

namespace ConvoMono.Tests.Features.Platform;

/// <summary>Ids that sort in the order they were made, in each place that sorts them: .NET, PostgreSQL (uuid: bytes from
/// the front) and SQLite (EF Core stores a Guid as upper-case text).</summary>
public sealed class SequentialGuidTests
{
    private static void AssertIncreasing(IReadOnlyList<Guid> ids)
    {
        for (var i = 1; i < ids.Count; i++)
        {
            Assert.True(ids[i - 1].CompareTo(ids[i]) < 0, $"ids {i - 1} and {i} out of order in .NET");
            Assert.True(ids[i - 1].ToByteArray(bigEndian: true).AsSpan().SequenceCompareTo(ids[i].ToByteArray(bigEndian: true)) < 0,
                $"ids {i - 1} and {i} out of order as bytes");
            Assert.True(string.CompareOrdinal(ids[i - 1].ToString().ToUpperInvariant(), ids[i].ToString().ToUpperInvariant()) < 0,
                $"ids {i - 1} and {i} out of order as text");
        }
    }

    [Fact]
    public void Ids_made_in_one_millisecond_increase_and_carry_that_millisecond_until_the_counter_runs_out()
    {
        var generator = new SequentialGuidGenerator();
        var ms = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var ids = Enumerable.Range(0, 5_000).Select(_ => generator.Next(ms)).ToList();
        AssertIncreasing(ids);
        Assert.All(ids, id => Assert.Equal(7, id.Version));
        Assert.All(ids, id => Assert.Equal(0b10, id.Variant >> 2));
        static long Ms(Guid id) => (long)(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(id.ToByteArray(bigEndian: true)) >> 16);
        Assert.All(ids.Take(4_096), id => Assert.Equal(ms, Ms(id)));   // 4,096 in the millisecond itself
        Assert.All(ids.Skip(4_096), id => Assert.Equal(ms + 1, Ms(id))); // then the next one
        Assert.Equal(5_000, ids.Distinct().Count());

        // A later clock starts its own millisecond; an earlier one (the clock stepped back) never goes below the last id.
        var later = generator.Next(ms + 10);
        Assert.Equal(ms + 10, Ms(later));
        var earlier = generator.Next(ms - 5);
        AssertIncreasing([ids[^1], later, earlier]);
    }

    [Fact]
    public void Ids_made_on_several_threads_are_all_different_and_each_threads_ids_increase()
    {
        var perThread = Enumerable.Range(0, 4).Select(_ => new List<Guid>()).ToArray();
        Parallel.For(0, 4, t => { for (var i = 0; i < 20_000; i++) perThread[t].Add(SequentialGuid.NewGuid()); });
        foreach (var ids in perThread) AssertIncreasing(ids);
        Assert.Equal(80_000, perThread.SelectMany(x => x).Distinct().Count());
    }
}

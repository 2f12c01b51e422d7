using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConvoMono.Infrastructure.Data;

/// <summary>Stores a small object graph as one JSON text column on both providers. Used where the shape is owned by one
/// entity and never queried (PostgreSQL would otherwise map a <c>Dictionary&lt;string,string&gt;</c> to hstore).</summary>
public static class JsonColumn
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static PropertyBuilder<T> HasJsonConversion<T>(this PropertyBuilder<T> property) where T : class
    {
        property.HasConversion(
            v => Write(v),
            s => Read<T>(s),
            new ValueComparer<T>((a, b) => Write(a) == Write(b), v => Write(v).GetHashCode(), v => Read<T>(Write(v))));
        return property;
    }

    /// <summary>A dictionary column. Change tracking compares entries and snapshots a copy instead of serializing on
    /// every comparison (the generic comparer's round trip through JSON is what a tracked call cost most).</summary>
    public static PropertyBuilder<Dictionary<string, TValue>> HasJsonConversion<TValue>(this PropertyBuilder<Dictionary<string, TValue>> property)
        where TValue : IEquatable<TValue>
    {
        property.HasConversion(
            v => Write(v),
            s => Read<Dictionary<string, TValue>>(s),
            new ValueComparer<Dictionary<string, TValue>>(
                (a, b) => DictionariesEqual(a, b),
                v => DictionaryHash(v),
                v => new Dictionary<string, TValue>(v, v.Comparer)));
        return property;
    }

    /// <summary>A list column of immutable items (records): compared item by item, snapshotted as a shallow copy. An
    /// item must not change once in the list (replace it instead), which records with init-only members guarantee.</summary>
    public static PropertyBuilder<List<TItem>> HasJsonConversion<TItem>(this PropertyBuilder<List<TItem>> property)
        where TItem : IEquatable<TItem>
    {
        property.HasConversion(
            v => Write(v),
            s => Read<List<TItem>>(s),
            new ValueComparer<List<TItem>>(
                (a, b) => a == null ? b == null : b != null && a.SequenceEqual(b),
                v => v.Aggregate(v.Count, (hash, item) => HashCode.Combine(hash, item)),
                v => new List<TItem>(v)));
        return property;
    }

    private static bool DictionariesEqual<TValue>(Dictionary<string, TValue>? a, Dictionary<string, TValue>? b) where TValue : IEquatable<TValue>
    {
        if (a is null || b is null) return a is null && b is null;
        if (a.Count != b.Count) return false;
        foreach (var (key, value) in a)
            if (!b.TryGetValue(key, out var other) || !EqualityComparer<TValue>.Default.Equals(value, other)) return false;
        return true;
    }

    private static int DictionaryHash<TValue>(Dictionary<string, TValue> value)
    {
        var hash = value.Count;
        foreach (var (key, item) in value) hash ^= HashCode.Combine(key, item); // order-free, as the equality is
        return hash;
    }

    private static string Write<T>(T? value) => JsonSerializer.Serialize(value, Options);

    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)!;
}

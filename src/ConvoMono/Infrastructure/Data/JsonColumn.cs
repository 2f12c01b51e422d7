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

    private static string Write<T>(T? value) => JsonSerializer.Serialize(value, Options);

    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)!;
}

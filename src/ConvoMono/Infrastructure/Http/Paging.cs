using System.ComponentModel.DataAnnotations;
using ConvoMono.Infrastructure.Errors;
using Microsoft.AspNetCore.Mvc;

namespace ConvoMono.Infrastructure.Http;

/// <summary>A page of a list: <c>{ "data": [...], "next_cursor": "..." | null }</c>.</summary>
public sealed record Page<T>(IReadOnlyList<T> Data, string? NextCursor);

/// <summary>Query parameters of every list endpoint (bind with <c>[AsParameters]</c>).</summary>
public sealed record PageQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    [FromQuery(Name = "limit"), Range(1, MaxLimit)]
    public int? Limit { get; init; }

    [FromQuery(Name = "cursor"), StringLength(64)]
    public string? Cursor { get; init; }

    public int Take => Limit ?? DefaultLimit;

    /// <summary>The id after which the page starts (lists run newest first by their version-7 id).</summary>
    public Guid? After => Paging.Decode(Cursor);
}

public static class Paging
{
    public static Page<T> ToPage<T>(List<T> rows, PageQuery query, Func<T, Guid> id)
    {
        if (rows.Count <= query.Take) return new Page<T>(rows, null);
        rows.RemoveAt(rows.Count - 1);
        return new Page<T>(rows, Encode(id(rows[^1])));
    }

    public static string Encode(Guid id) => Convert.ToBase64String(id.ToByteArray(bigEndian: true)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static Guid? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return null;
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/') + "==";
            var bytes = Convert.FromBase64String(base64);
            if (bytes.Length == 16) return new Guid(bytes, bigEndian: true);
        }
        catch (FormatException) { }
        throw new DomainException("request.invalid_cursor", "The cursor is not valid. Use next_cursor from the previous page.",
            StatusCodes.Status400BadRequest, "cursor");
    }
}

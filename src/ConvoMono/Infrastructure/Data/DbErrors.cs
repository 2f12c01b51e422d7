using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Infrastructure.Data;

public static class DbErrors
{
    /// <summary>A write lost to a concurrent one and was rolled back, so running it again is safe: a unique-key or
    /// concurrency conflict, or a PostgreSQL deadlock / serialization failure (SQLite serialises writers and waits).</summary>
    public static bool IsConflict(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is DbUpdateException) return true;
            if (x is Npgsql.PostgresException { SqlState: "40P01" or "40001" or "23505" }) return true;
        }
        return false;
    }
}

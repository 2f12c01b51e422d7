using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ConvoMono.Infrastructure.Data;

/// <summary>Every SQLite connection runs in WAL mode with <c>synchronous=NORMAL</c>: readers (pages, background jobs) never
/// block the writer and the writer never blocks them, which the default rollback journal does at every commit. WAL with
/// NORMAL stays consistent after a crash; at worst the last transactions before a power cut are lost.</summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    public const string Sql = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Run(connection);

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static void Run(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Sql;
        command.ExecuteNonQuery();
    }
}

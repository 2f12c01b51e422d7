using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace ConvoMono.Infrastructure.Data;

/// <summary>Inserts many rows of one entity type fast, bypassing the change tracker: binary COPY on PostgreSQL, one
/// prepared statement reused for every row on SQLite. Column names, value converters (enums, JSON, UTC times) and
/// parameter types all come from the EF model, so the rows read back through EF exactly as if EF had written them.
/// The caller owns the transaction.</summary>
public sealed class BulkInserter<T> where T : class
{
    private sealed record Column(string Name, IProperty Property, IClrPropertyGetter Getter, RelationalTypeMapping Mapping)
    {
        public object? ProviderValue(T entity)
        {
            var value = Getter.GetClrValue(entity);
            return value is null ? null : Mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value;
        }
    }

    private readonly string _table;
    private readonly IReadOnlyList<Column> _columns;

    private readonly bool _sqlite;

    /// <param name="sqlite">SQLite stores GUIDs and times as text; converting them in <see cref="ValuesOf"/> (which callers
    /// may run on several threads) keeps that work off the single writing thread.</param>
    public BulkInserter(IModel model, bool sqlite = false)
    {
        _sqlite = sqlite;
        var entity = model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        _table = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(_table, entity.GetSchema());
        _columns = entity.GetProperties()
            .Select(p => new Column(p.GetColumnName(store)!, p, p.GetGetter(), (RelationalTypeMapping)p.GetRelationalTypeMapping()))
            .ToList();
    }

    public Task InsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<T> rows, CancellationToken ct) =>
        InsertValuesAsync(connection, transaction, rows.Select(ValuesOf).ToList(), ct);

    /// <summary>A row's column values as the database stores them (converters applied), in column order. Callers that
    /// write from one thread can compute these on others and pass them to <see cref="InsertValuesAsync"/>.</summary>
    public object?[] ValuesOf(T row)
    {
        var values = new object?[_columns.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var value = _columns[i].ProviderValue(row);
            // Exactly the text Microsoft.Data.Sqlite writes for these types (what EF reads and compares against).
            values[i] = !_sqlite ? value : value switch
            {
                Guid g => g.ToString().ToUpperInvariant(),
                DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture),
                _ => value,
            };
        }
        return values;
    }

    public async Task InsertValuesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<object?[]> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        if (connection is NpgsqlConnection npgsql) await CopyAsync(npgsql, rows, ct);
        else await InsertPreparedAsync(connection, transaction, rows, ct);
    }

    private async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<object?[]> rows, CancellationToken ct)
    {
        var columns = string.Join(", ", _columns.Select(c => Quote(c.Name)));
        await using var importer = await connection.BeginBinaryImportAsync($"COPY {Quote(_table)} ({columns}) FROM STDIN (FORMAT BINARY)", ct);
        var types = _columns.Select(c => PostgresType(c)).ToArray();
        // Synchronous writes: they only fill Npgsql's buffer (flushed as it fills); an awaited call per value costs more than the value.
        for (var r = 0; r < rows.Count; r++)
        {
            if ((r & 1023) == 0) ct.ThrowIfCancellationRequested();
            importer.StartRow();
            for (var i = 0; i < _columns.Count; i++)
            {
                var value = rows[r][i];
                if (value is null) importer.WriteNull();
                else importer.Write(value, types[i]);
            }
        }
        await importer.CompleteAsync(ct);
    }

    private async Task InsertPreparedAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<object?[]> rows, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {Quote(_table)} ({string.Join(", ", _columns.Select(c => Quote(c.Name)))}) " +
                              $"VALUES ({string.Join(", ", _columns.Select((_, i) => "@p" + i))})";
        // Parameters are made once by each column's own type mapping (which fixes e.g. how SQLite stores a Guid); only values change per row.
        var parameters = _columns.Select((c, i) =>
        {
            // The mapping converts what it is given, so it gets a model value: the first row's, converted back.
            var sample = rows[0][i] is { } v && c.Mapping.Converter is { } converter ? converter.ConvertFromProvider(v) : rows[0][i];
            var parameter = c.Mapping.CreateParameter(command, "@p" + i, sample, c.Property.IsNullable);
            command.Parameters.Add(parameter);
            return parameter;
        }).ToArray();
        await command.PrepareAsync(ct);
        // One row per statement: SQLite binds parameters by name with a linear search, so multi-row statements are slower.
        // SQLite runs statements synchronously anyway; the async API would only add a task per row.
        for (var r = 0; r < rows.Count; r++)
        {
            if ((r & 1023) == 0) ct.ThrowIfCancellationRequested();
            var values = rows[r];
            for (var i = 0; i < parameters.Length; i++) parameters[i].Value = values[i] ?? DBNull.Value;
            command.ExecuteNonQuery();
        }
    }

    private static NpgsqlDbType PostgresType(Column column) => (column.Mapping.Converter?.ProviderClrType ?? column.Property.ClrType) switch
    {
        var t when t == typeof(Guid) || t == typeof(Guid?) => NpgsqlDbType.Uuid,
        var t when t == typeof(DateTime) || t == typeof(DateTime?) => NpgsqlDbType.TimestampTz,
        var t when t == typeof(int) || t == typeof(int?) => NpgsqlDbType.Integer,
        var t when t == typeof(long) || t == typeof(long?) => NpgsqlDbType.Bigint,
        var t when t == typeof(bool) || t == typeof(bool?) => NpgsqlDbType.Boolean,
        var t when t == typeof(decimal) || t == typeof(decimal?) => NpgsqlDbType.Numeric,
        var t when t == typeof(byte[]) => NpgsqlDbType.Bytea,
        var t when t == typeof(string) => NpgsqlDbType.Text,
        var t => throw new NotSupportedException($"Bulk insert has no PostgreSQL type for {t.Name} ({column.Name})."),
    };

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";
}

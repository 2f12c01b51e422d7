using System.Data.Common;
using System.Text;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace ConvoMono.Infrastructure.Data;

/// <summary>Writes rows of the engine's hot paths (a dispatch wave's calls and holds, a webhook batch's call updates)
/// in as few statements as SaveChanges would, at a fraction of its cost: SQL from EF Core's own model (table, columns,
/// value converters, parameter types), positional <c>$n</c> placeholders, no change tracking. On PostgreSQL the
/// placeholders are native (unnamed parameters, so Npgsql does not parse and rewrite the SQL, which a SaveChanges of
/// many rows pays for) and many statements go as one <see cref="DbBatch"/>, one round trip; on SQLite (in process, no
/// round trip) <c>$n</c> is a named parameter and the statements run one by one. Runs in the context's current
/// transaction, or in one of its own (all the statements or none). Same tenant rule as <see cref="AppDbContext.SaveChangesAsync(bool, CancellationToken)"/>.</summary>
public static class RowWriter
{
    /// <summary>Inserts the rows with one multi-row INSERT per 500 rows.</summary>
    public static async Task InsertAsync<T>(AppDbContext db, IReadOnlyList<T> rows, CancellationToken ct) where T : class
    {
        if (rows.Count == 0) return;
        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not an entity.");
        var table = Table(entityType);
        var columns = entityType.GetProperties().Where(p => p.GetColumnName(table) is not null).ToList();
        foreach (var row in rows) CheckTenant(db, row);
        var sql = SqlHelper(db);
        var head = new StringBuilder("INSERT INTO ").Append(sql.DelimitIdentifier(table.Name, table.Schema)).Append(" (")
            .AppendJoin(", ", columns.Select(c => sql.DelimitIdentifier(c.GetColumnName(table)!))).Append(") VALUES ").ToString();
        await using var session = await Session.OpenAsync(db, ct);
        foreach (var chunk in rows.Chunk(500))
        {
            var statement = session.NewStatement(expectRows: null);
            var text = new StringBuilder(head, head.Length + chunk.Length * columns.Count * 6);
            for (var r = 0; r < chunk.Length; r++)
            {
                text.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < columns.Count; c++)
                {
                    if (c > 0) text.Append(", ");
                    text.Append(statement.Add(columns[c], columns[c].GetGetter().GetClrValue(chunk[r])));
                }
                text.Append(')');
            }
            statement.Sql = text.ToString();
        }
        await session.ExecuteAsync(ct);
    }

    /// <summary>Writes every modified <typeparamref name="T"/> the context tracks, guarded by its concurrency tokens (a
    /// row changed meanwhile throws <see cref="DbUpdateConcurrencyException"/>, as SaveChanges would), then accepts the
    /// changes (the rows are unchanged from then on). Rows with the same modified columns (a batch of webhooks of one
    /// kind, a batch of settled holds) go as one <c>UPDATE … FROM (VALUES …)</c>, a row on its own as a plain UPDATE.
    /// Returns how many rows.</summary>
    public static async Task<int> UpdateModifiedAsync<T>(AppDbContext db, CancellationToken ct) where T : class
    {
        var entries = db.ChangeTracker.Entries<T>().Where(e => e.State == EntityState.Modified).ToList();
        if (entries.Count == 0) return 0;
        var entityType = db.Model.FindEntityType(typeof(T))!;
        var table = Table(entityType);
        var sql = SqlHelper(db);
        var columns = entityType.GetProperties().Where(p => p.GetColumnName(table) is not null)
            .Select(p => new Column(p, sql.DelimitIdentifier(p.GetColumnName(table)!), p.GetColumnType(), p.GetValueComparer())).ToList();
        var guards = columns.Where(c => c.Property.IsPrimaryKey() || c.Property.IsConcurrencyToken).ToList();
        var name = sql.DelimitIdentifier(table.Name, table.Schema);

        // What DetectChanges marked modified: the value differs from the snapshot by the property's comparer (read straight
        // from the values, without a PropertyEntry per property).
        var rows = new List<(EntityEntry<T> Entry, List<Column> Changed)>(entries.Count);
        foreach (var entry in entries)
        {
            var (current, original) = (entry.CurrentValues, entry.OriginalValues);
            var changed = columns.Where(c => !c.Comparer.Equals(original[c.Property], current[c.Property])).ToList();
            if (changed.Count > 0) rows.Add((entry, changed));
        }

        await using var session = await Session.OpenAsync(db, ct);
        foreach (var group in rows.GroupBy(r => string.Join(',', r.Changed.Select(c => c.Name))).SelectMany(g => g.Chunk(200)))
        {
            var changed = group[0].Changed;
            var statement = session.NewStatement(expectRows: group.Length);
            var text = new StringBuilder("UPDATE ").Append(name).Append(" SET ");
            if (group.Length == 1)
            {
                var (current, original) = (group[0].Entry.CurrentValues, group[0].Entry.OriginalValues);
                text.AppendJoin(", ", changed.Select(c => c.Name + " = " + statement.Add(c.Property, current[c.Property])));
                text.Append(" WHERE ").AppendJoin(" AND ", guards.Select(g => g.Name + " = " + statement.Add(g.Property, original[g.Property])));
            }
            else
            {
                // v.column1… are the guards' original values, then the new values (VALUES names its columns so on both
                // databases); each cast to its column's type, so no parameter's type has to be inferred from its value.
                string V(int i, Column c) => $"CAST(v.column{i + 1} AS {c.StoreType})";
                text.AppendJoin(", ", changed.Select((c, i) => c.Name + " = " + V(guards.Count + i, c)));
                text.Append(" FROM (VALUES ");
                var firstRow = true;
                foreach (var (entry, _) in group)
                {
                    var (current, original) = (entry.CurrentValues, entry.OriginalValues);
                    text.Append(firstRow ? "(" : ", (");
                    firstRow = false;
                    text.AppendJoin(", ", guards.Select(g => statement.Add(g.Property, original[g.Property]))
                        .Concat(changed.Select(c => statement.Add(c.Property, current[c.Property]))));
                    text.Append(')');
                }
                text.Append(") AS v WHERE ").AppendJoin(" AND ", guards.Select((g, i) => $"{name}.{g.Name} = {V(i, g)}"));
            }
            statement.Sql = text.ToString();
        }
        await session.ExecuteAsync(ct);
        foreach (var entry in entries)
        {
            entry.OriginalValues.SetValues(entry.CurrentValues);
            entry.State = EntityState.Unchanged;
        }
        return rows.Count;
    }

    private sealed record Column(IProperty Property, string Name, string StoreType, Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer Comparer);

    private static StoreObjectIdentifier Table(IEntityType entityType) =>
        StoreObjectIdentifier.Table(entityType.GetTableName() ?? throw new InvalidOperationException($"{entityType.DisplayName()} has no table."),
            entityType.GetSchema());

    private static ISqlGenerationHelper SqlHelper(AppDbContext db) => db.GetService<ISqlGenerationHelper>();

    private static void CheckTenant(AppDbContext db, object row)
    {
        if (row is not ITenantOwned owned) return;
        if (owned.TenantId == Guid.Empty) throw new InvalidOperationException($"Cannot insert {row.GetType().Name} without a tenant.");
        if (db.Tenant.TenantId is { } current && current != owned.TenantId)
            throw new InvalidOperationException($"Cannot insert {row.GetType().Name} into another tenant.");
    }

    /// <summary>The statements of one write, on the context's connection and transaction.</summary>
    private sealed class Session : IAsyncDisposable
    {
        private readonly AppDbContext _db;
        private readonly DbConnection _connection;
        private readonly DbTransaction? _transaction;
        private readonly DbCommand _factory;
        private readonly bool _positional;
        private readonly bool _opened;
        private readonly List<Statement> _statements = [];

        private readonly IDbContextTransaction? _own;

        private Session(AppDbContext db, bool opened, IDbContextTransaction? own)
        {
            _db = db;
            _own = own;
            _connection = db.Database.GetDbConnection();
            _transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            _factory = _connection.CreateCommand();
            _positional = _connection.CanCreateBatch;
            _opened = opened;
        }

        public static async Task<Session> OpenAsync(AppDbContext db, CancellationToken ct)
        {
            var opened = db.Database.GetDbConnection().State != System.Data.ConnectionState.Open;
            if (opened) await db.Database.OpenConnectionAsync(ct);
            // All the statements or none, as SaveChanges: in the caller's transaction, else in one of their own.
            var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
            return new Session(db, opened, own);
        }

        public Statement NewStatement(int? expectRows)
        {
            var statement = new Statement(this, expectRows);
            _statements.Add(statement);
            return statement;
        }

        /// <summary>Runs the statements. A database error comes out as a <see cref="DbUpdateException"/>, as from SaveChanges.</summary>
        public async Task ExecuteAsync(CancellationToken ct)
        {
            try { await RunAsync(ct); }
            catch (DbException e) { throw new DbUpdateException("An error occurred while saving the rows. See the inner exception for details.", e); }
            if (_own is not null) await _own.CommitAsync(ct);
        }

        private async Task RunAsync(CancellationToken ct)
        {
            if (_positional && _statements.Count > 1)
            {
                await using var batch = _connection.CreateBatch();
                batch.Transaction = _transaction;
                foreach (var statement in _statements)
                {
                    var item = batch.CreateBatchCommand();
                    item.CommandText = statement.Sql;
                    item.Parameters.AddRange(statement.Parameters.ToArray());
                    batch.BatchCommands.Add(item);
                }
                await batch.ExecuteNonQueryAsync(ct);
                for (var i = 0; i < _statements.Count; i++) Check(_statements[i].ExpectRows, batch.BatchCommands[i].RecordsAffected);
                return;
            }
            foreach (var statement in _statements)
            {
                await using var command = _connection.CreateCommand();
                command.Transaction = _transaction;
                command.CommandText = statement.Sql;
                command.Parameters.AddRange(statement.Parameters.ToArray());
                Check(statement.ExpectRows, await command.ExecuteNonQueryAsync(ct));
            }
        }

        private static void Check(int? expected, int affected)
        {
            if (expected is { } rows && affected != rows)
                throw new DbUpdateConcurrencyException($"A row was changed or deleted meanwhile ({affected} of {rows} rows written).");
        }

        public async ValueTask DisposeAsync()
        {
            await _factory.DisposeAsync();
            if (_own is not null) await _own.DisposeAsync(); // rolls back unless committed
            if (_opened) await _db.Database.CloseConnectionAsync();
        }

        /// <summary>One statement: its SQL and parameters.</summary>
        public sealed class Statement(Session session, int? expectRows)
        {
            public int? ExpectRows { get; } = expectRows;
            public List<DbParameter> Parameters { get; } = [];
            public string Sql { get; set; } = "";

            /// <summary>Adds a parameter for a property's value (the type mapping converts it, as EF Core does for its own
            /// commands) and returns its placeholder.</summary>
            public string Add(IProperty property, object? value)
            {
                var mapping = (RelationalTypeMapping)property.GetTypeMapping();
                var placeholder = "$" + (Parameters.Count + 1);
                var parameter = mapping.CreateParameter(session._factory, placeholder, value, property.IsNullable);
                if (session._positional) parameter.ParameterName = string.Empty;
                Parameters.Add(parameter);
                return placeholder;
            }
        }
    }
}

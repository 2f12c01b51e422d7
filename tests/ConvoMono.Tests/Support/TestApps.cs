using Npgsql;

namespace ConvoMono.Tests.Support;

/// <summary>One app per database for the whole test run (tests isolate themselves by creating their own
/// client and users). SQLite is a real file; PostgreSQL is a fresh database on the server the test command started
/// (<c>CONVOMONO_TEST_POSTGRES</c>, an admin connection string with CREATEDB).</summary>
public sealed class TestApps : IAsyncDisposable
{
    public const string PostgresVariable = "CONVOMONO_TEST_POSTGRES";

    private readonly Lazy<Task<TestAppFactory>> _sqlite;
    private readonly Lazy<Task<TestAppFactory>> _postgres;
    private readonly string _sqliteDir = Path.Combine(Path.GetTempPath(), "convomono-tests-" + Guid.NewGuid().ToString("N"));
    private Func<Task>? _dropPostgres;

    public TestApps()
    {
        _sqlite = new(() => Task.FromResult(StartSqlite()));
        _postgres = new(StartPostgresAsync);
    }

    public Task<TestAppFactory> GetAsync(Db db) => db == Db.Postgres ? _postgres.Value : _sqlite.Value;

    public async Task<TestApi> ApiAsync(Db db) => new(await GetAsync(db));

    /// <summary>An app of the test's own on a database of its own, for a test that changes platform-wide settings (which
    /// would disturb tests running beside it on the shared apps). Dispose it at the end of the test.</summary>
    public async Task<IsolatedApp> IsolatedAsync(Db db)
    {
        if (db == Db.Sqlite)
        {
            var dir = Path.Combine(_sqliteDir, "isolated-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            var sqlite = new TestAppFactory(Db.Sqlite, $"Data Source={Path.Combine(dir, "test.db")};Default Timeout=30");
            sqlite.CreateClient().Dispose();
            return new IsolatedApp(sqlite, () => Task.CompletedTask);
        }
        var (connection, drop) = await NewPostgresDatabaseAsync("test", maxPoolSize: 20);
        var factory = new TestAppFactory(Db.Postgres, connection);
        factory.CreateClient().Dispose();
        return new IsolatedApp(factory, drop);
    }

    private TestAppFactory StartSqlite()
    {
        Directory.CreateDirectory(_sqliteDir);
        var factory = new TestAppFactory(Db.Sqlite, $"Data Source={Path.Combine(_sqliteDir, "test.db")};Default Timeout=30");
        factory.CreateClient().Dispose(); // start the host: migrations and bootstrap run once, here
        return factory;
    }

    private async Task<TestAppFactory> StartPostgresAsync()
    {
        var (connection, drop) = await NewPostgresDatabaseAsync("test");
        _dropPostgres = drop;
        var factory = new TestAppFactory(Db.Postgres, connection);
        factory.CreateClient().Dispose();
        return factory;
    }

    /// <summary>A new, empty database on the test command's PostgreSQL server, and how to drop it.</summary>
    public static async Task<(string Connection, Func<Task> Drop)> NewPostgresDatabaseAsync(string prefix, int maxPoolSize = 50)
    {
        var admin = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(admin))
            throw new InvalidOperationException(
                $"{PostgresVariable} is not set. Run the tests with ./scripts/test.sh, which starts a throwaway PostgreSQL.");
        var name = prefix + "_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return (new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = maxPoolSize }.ConnectionString, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_sqlite.IsValueCreated) await (await _sqlite.Value).DisposeAsync();
        if (_postgres.IsValueCreated && _postgres.Value.IsCompletedSuccessfully)
        {
            await (await _postgres.Value).DisposeAsync();
            await _dropPostgres!();
        }
        try { Directory.Delete(_sqliteDir, recursive: true); } catch (IOException) { }
    }
}

public sealed class IsolatedApp(TestAppFactory factory, Func<Task> drop) : IAsyncDisposable
{
    public TestApi Api { get; } = new(factory);

    public async ValueTask DisposeAsync()
    {
        await factory.DisposeAsync();
        await drop();
    }
}

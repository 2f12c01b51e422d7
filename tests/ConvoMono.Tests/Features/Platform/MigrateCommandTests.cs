using System.Diagnostics;
using System.Net;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConvoMono.Tests.Features.Platform;

/// <summary>Production applies the schema with an explicit command: <c>dotnet ConvoMono.dll migrate</c>, run as a real
/// process against an empty database, creates every migration's schema, can run again, and leaves an app that is ready.</summary>
public sealed class MigrateCommandTests
{
    private static Task<(int ExitCode, string Output)> MigrateAsync(Db db, string connection) => RunAsync(db, connection, "migrate");

    private static async Task<(int ExitCode, string Output)> RunAsync(Db db, string connection, params string[] args)
    {
        var app = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [app, .. args])
        {
            WorkingDirectory = Path.GetDirectoryName(app)!, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Database__Provider"] = db == Db.Postgres ? "Postgres" : "Sqlite";
        start.Environment["Database__ConnectionString"] = connection;
        start.Environment["Database__MigrateOnStart"] = "false";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task The_migrate_command_creates_the_whole_schema_can_run_again_and_the_app_is_then_ready(Db db)
    {
        string connection;
        Func<Task> drop;
        if (db == Db.Postgres) (connection, drop) = await TestApps.NewPostgresDatabaseAsync("migrate");
        else
        {
            var dir = Directory.CreateTempSubdirectory("convomono-migrate-").FullName;
            connection = $"Data Source={Path.Combine(dir, "app.db")}";
            drop = () =>
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(dir, recursive: true);
                return Task.CompletedTask;
            };
        }
        try
        {
            // Started before the schema exists, the app refuses to run and says what to do.
            var early = await RunAsync(db, connection);
            Assert.True(early.ExitCode == 1, early.Output);
            Assert.Contains("The database schema is behind", early.Output);
            Assert.Contains("Run `dotnet ConvoMono.dll migrate` first.", early.Output);

            var first = await MigrateAsync(db, connection);
            Assert.True(first.ExitCode == 0, first.Output);
            var again = await MigrateAsync(db, connection);
            Assert.True(again.ExitCode == 0, again.Output);

            // Read before any app starts (the test app would migrate on start itself).
            var options = new DatabaseOptions { Provider = db == Db.Postgres ? "Postgres" : "Sqlite", ConnectionString = connection };
            await using (var context = AppDbContextFactory.Create(AppDbContextFactory.BuildOptions(options, Path.GetTempPath()), options,
                             new ConvoMono.Infrastructure.Tenancy.TenantContext()))
            {
                Assert.Empty(await context.Database.GetPendingMigrationsAsync());
                Assert.Equal(context.Database.GetMigrations(), await context.Database.GetAppliedMigrationsAsync());
                Assert.True(await context.Clients.IgnoreQueryFilters().CountAsync() == 0); // the tables exist (and are empty)
            }
            await using var app = new TestAppFactory(db, connection);
            using var http = app.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
        }
        finally { await drop(); }
    }

    /// <summary>The migrations are kept in step with the model for each provider: a change to an entity without its
    /// migration (for SQLite and for PostgreSQL) fails here instead of at a customer's first start.</summary>
    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Each_providers_migrations_match_the_model(Db db)
    {
        var options = new DatabaseOptions
        {
            Provider = db == Db.Postgres ? "Postgres" : "Sqlite",
            ConnectionString = db == Db.Postgres ? "Host=127.0.0.1;Database=unused" : "Data Source=unused.db",
        };
        await using var context = AppDbContextFactory.Create(AppDbContextFactory.BuildOptions(options, Path.GetTempPath()), options,
            new ConvoMono.Infrastructure.Tenancy.TenantContext());
        Assert.NotEmpty(context.Database.GetMigrations());
        Assert.False(context.Database.HasPendingModelChanges(),
            $"The {options.Provider} model has changes without a migration: add one with `dotnet ef migrations add` for both providers.");
    }
}

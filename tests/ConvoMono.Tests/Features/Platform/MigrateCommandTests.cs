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
    private static async Task<(int ExitCode, string Output)> MigrateAsync(Db db, string connection)
    {
        var app = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [app, "migrate"])
        {
            WorkingDirectory = Path.GetDirectoryName(app)!, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Database__Provider"] = db == Db.Postgres ? "Postgres" : "Sqlite";
        start.Environment["Database__ConnectionString"] = connection;
        start.Environment["Database__MigrateOnStart"] = "false";
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
}

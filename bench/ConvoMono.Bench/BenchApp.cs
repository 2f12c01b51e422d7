using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ConvoMono.Bench;

/// <summary>The app on SQLite (a temp file) or on a PostgreSQL database the caller names, logging off.</summary>
public static class BenchApp
{
    public const string AdminEmail = "admin@bench.local";
    public const string AdminPassword = "Admin-Passw0rd!";

    public static WebApplicationFactory<Program> Create(string provider, string? connection)
    {
        var postgres = provider.Equals("postgres", StringComparison.OrdinalIgnoreCase);
        connection ??= postgres
            ? throw new ArgumentException("postgres needs a connection string")
            : $"Data Source={Path.Combine(Directory.CreateTempSubdirectory("convomono-bench-").FullName, "bench.db")}";
        return new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Benchmark");
            b.UseSetting("Database:Provider", postgres ? "Postgres" : "Sqlite");
            b.UseSetting("Database:ConnectionString", connection);
            b.UseSetting("Database:MigrateOnStart", "true");
            b.UseSetting("Bootstrap:AdminEmail", AdminEmail);
            b.UseSetting("Bootstrap:AdminPassword", AdminPassword);
            b.UseSetting("Logging:LogLevel:Default", "Error");
        });
    }
}

using System.ComponentModel.DataAnnotations;

namespace ConvoMono.Infrastructure.Data;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    [RegularExpression("^(Sqlite|Postgres)$", ErrorMessage = "Database:Provider must be 'Sqlite' or 'Postgres'.")]
    public string Provider { get; set; } = "Sqlite";

    /// <summary>Provider connection string; empty means the embedded SQLite file under ./data/.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations when the host starts. Null means: yes for SQLite, no for PostgreSQL
    /// (production applies them with `dotnet ConvoMono.dll migrate`).</summary>
    public bool? MigrateOnStart { get; set; }

    public bool IsPostgres => Provider == "Postgres";

    public bool ShouldMigrateOnStart => MigrateOnStart ?? !IsPostgres;

    public string EffectiveConnectionString(string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString)) return ConnectionString;
        if (IsPostgres) throw new InvalidOperationException("Database:ConnectionString is required for PostgreSQL.");
        var dir = Path.Combine(contentRoot, "data");
        Directory.CreateDirectory(dir);
        return $"Data Source={Path.Combine(dir, "convomono.db")}";
    }
}

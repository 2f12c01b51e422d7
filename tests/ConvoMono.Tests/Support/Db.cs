namespace ConvoMono.Tests.Support;

public enum Db { Sqlite, Postgres }

/// <summary>Every data test runs once per database: <c>[Theory, ClassData(typeof(BothDatabases))]</c>.</summary>
public sealed class BothDatabases : TheoryData<Db>
{
    public BothDatabases() : base(Db.Sqlite, Db.Postgres) { }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ConvoMono.Tests.Support;

/// <summary>A PostgreSQL server of one test's own (initdb in a temp directory, a free loopback port), for tests that stop
/// or restart the server, which the shared one cannot allow. Runs as the <c>postgres</c> user when the tests run as root.</summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("convomono-pg-").FullName;
    private readonly string _bin = Directory.GetDirectories("/usr/lib/postgresql").OrderBy(d => d, StringComparer.Ordinal).Select(d => Path.Combine(d, "bin")).LastOrDefault()
        ?? throw new InvalidOperationException("PostgreSQL is not installed (/usr/lib/postgresql); run the tests with ./scripts/test.sh.");
    private readonly int _port = FreePort();

    public string ConnectionString => $"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres;Timeout=5";

    public static async Task<PrivatePostgres> StartAsync()
    {
        var pg = new PrivatePostgres();
        if (Environment.UserName == "root") await RunAsync("chown", "-R", "postgres", pg._dir);
        await pg.AsPostgresAsync("initdb", "-D", pg.Data, "-A", "trust", "-U", "postgres", "--no-sync");
        await pg.StartServerAsync();
        return pg;
    }

    private string Data => Path.Combine(_dir, "data");

    public Task StartServerAsync() => AsPostgresAsync("pg_ctl", "-D", Data, "-w", "-l", Path.Combine(_dir, "log"), "-o",
        $"-p {_port} -k {_dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100", "start");

    /// <summary>Stops the server at once (as a crash would: no shutdown checkpoint, every connection cut).</summary>
    public Task StopAsync() => AsPostgresAsync("pg_ctl", "-D", Data, "-m", "immediate", "stop");

    public async ValueTask DisposeAsync()
    {
        try { await StopAsync(); } catch (InvalidOperationException) { }
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private Task AsPostgresAsync(string tool, params string[] args) => Environment.UserName == "root"
        ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args])
        : RunAsync(Path.Combine(_bin, tool), args);

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {await output}{await error}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

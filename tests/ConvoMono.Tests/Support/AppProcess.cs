using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ConvoMono.Tests.Support;

/// <summary>The built app run as its own OS process (<c>dotnet ConvoMono.dll</c>), so a test can kill it the hard way
/// (SIGKILL: no shutdown, no finally blocks) and start it again on the same database and port.</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly string _log;
    private Process? _process;

    public AppProcess(IReadOnlyDictionary<string, string> environment)
    {
        Port = FreePort();
        BaseUrl = $"http://127.0.0.1:{Port}";
        _log = Path.Combine(Path.GetTempPath(), $"convomono-app-{Port}-{Guid.NewGuid():N}.log");
        _environment = new(environment)
        {
            ["ASPNETCORE_URLS"] = BaseUrl, ["App__PublicUrl"] = BaseUrl, ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Logging__LogLevel__Default"] = "Warning",
        };
    }

    public int Port { get; }
    public string BaseUrl { get; }
    public int Starts { get; private set; }

    public static string AppDll => Path.Combine(RepoPaths.Root, "src", "ConvoMono", "bin", "Release", "net10.0", "ConvoMono.dll");

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet", $"\"{AppDll}\"")
        {
            WorkingDirectory = Path.GetDirectoryName(AppDll)!, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var (key, value) in _environment) start.Environment[key] = value;
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the app.");
        Starts++;
        var log = new StreamWriter(_log, append: true) { AutoFlush = true };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The app exited with {_process.ExitCode}:\n{Tail()}");
            try
            {
                if ((await http.GetAsync(BaseUrl + "/health/live")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException("The app did not become live in 90 s:\n" + Tail());
    }

    /// <summary>SIGKILL: the process dies where it stands.</summary>
    public void Kill()
    {
        if (_process is null || _process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public string Tail() => File.Exists(_log) ? string.Join('\n', File.ReadLines(_log).TakeLast(40)) : "(no output)";

    internal static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        try { File.Delete(_log); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}

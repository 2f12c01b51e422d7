using System.Diagnostics;
using System.Globalization;

namespace ConvoMono.Bench;

/// <summary>CPU time, from each task's scheduler run time (Linux: /proc/*/stat, clock ticks of 10 ms), of this
/// process (the app and the client), of the PostgreSQL server's processes, and of everything else on the machine
/// (noise: another build, say; what processes that end during a phase used is lost); and the JIT's work in this
/// process. A phase's CPU per event splits among them.</summary>
internal sealed record Cpu(double ProcessMs, double PostgresMs, double OthersMs, long JitMethods, double JitMs)
{
    private Dictionary<int, (bool Postgres, double Ms)> Processes { get; init; } = [];

    public static Cpu operator -(Cpu end, Cpu start)
    {
        double postgres = 0, others = 0;
        foreach (var (pid, (isPostgres, ms)) in end.Processes)
        {
            var used = ms - (start.Processes.TryGetValue(pid, out var before) ? before.Ms : 0);
            if (isPostgres) postgres += used;
            else others += used;
        }
        return new Cpu(end.ProcessMs - start.ProcessMs, postgres, others, end.JitMethods - start.JitMethods, end.JitMs - start.JitMs);
    }

    public static Cpu Now()
    {
        var processes = new Dictionary<int, (bool, double)>();
        try
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(System.IO.Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
                try
                {
                    var stat = File.ReadAllText(System.IO.Path.Combine(dir, "stat"));
                    var close = stat.LastIndexOf(')');
                    var fields = stat[(close + 2)..].Split(' ');
                    var ms = (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) * 10;
                    processes[pid] = (stat[(stat.IndexOf('(') + 1)..close] == "postgres", ms);
                }
                catch (IOException) { } // the process has gone
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return new Cpu(Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds, 0, 0,
            System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds) { Processes = processes };
    }
}

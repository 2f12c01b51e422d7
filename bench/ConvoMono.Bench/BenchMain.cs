// Plain timed benchmarks of ConvoMono, run in-process against the real app on a real database.
//   dotnet run -c Release --project bench/ConvoMono.Bench -- auth|ledger|leads|webhooks|engine|reports [sqlite|postgres <connection string>]
// or on both databases: ./scripts/bench.sh auth|ledger|leads|webhooks|engine|reports
// Figures and the machine they were measured on go in docs/PERFORMANCE.md.
namespace ConvoMono.Bench;

// A named entry point: the app's own top-level Program would clash with a second one here.
public static class BenchMain
{
    public static async Task<int> Main(string[] args)
    {
        var what = args.FirstOrDefault() ?? "auth";
        var provider = args.Length > 1 ? args[1] : "sqlite";
        var connection = args.Length > 2 ? args[2] : null;
        switch (what)
        {
            case "auth":
                await AuthBenchmark.RunAsync(provider, connection);
                return 0;
            case "ledger":
                await LedgerBenchmark.RunAsync(provider, connection);
                return 0;
            case "leads":
                await LeadImportBenchmark.RunAsync(provider, connection,
                    int.TryParse(Environment.GetEnvironmentVariable("BENCH_ROWS"), out var rows) ? rows : 1_000_000);
                return 0;
            case "webhooks":
                return await WebhookBenchmark.RunAsync(provider, connection) ? 0 : 1;
            case "reports":
                return await ReportsBenchmark.RunAsync(provider, connection) ? 0 : 1;
            case "engine":
                return await EngineBenchmark.RunAsync(provider, connection) ? 0 : 1;
            default:
                await Console.Error.WriteLineAsync($"Unknown benchmark '{what}'. Known: auth, ledger, leads, webhooks, engine, reports.");
                return 1;
        }
    }
}

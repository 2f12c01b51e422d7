using System.Diagnostics;

namespace ConvoMono.Tests.Support;

/// <summary>The official retell-sdk (npm, pinned in tests/sdk), driven through node, for wire-compatibility proofs.</summary>
public static class RetellSdk
{
    public static Task<string> SignAsync(string body, string apiKey) => RunAsync(body, "webhook.mjs", "sign", apiKey);

    /// <summary>Runs tests/sdk/conformance.mjs against a Retell-compatible base URL and returns its JSON report.</summary>
    public static Task<string> ConformanceAsync(string baseUrl, string apiKey) => RunAsync("", "conformance.mjs", baseUrl, apiKey);

    /// <summary>Runs tests/sdk/twilio-conformance.mjs (the official twilio helper) against the Twilio simulator.</summary>
    public static Task<string> TwilioConformanceAsync(string baseUrl, string sid, string token) => RunAsync("", "twilio-conformance.mjs", baseUrl, sid, token);

    public static async Task<bool> VerifyAsync(string body, string apiKey, string header) =>
        await RunAsync(body, "webhook.mjs", "verify", apiKey, header) == "true";

    internal static async Task<string> RunAsync(string stdin, string script, params string[] args)
    {
        var dir = Path.Combine(RepoPaths.Root, "tests", "sdk");
        if (!Directory.Exists(Path.Combine(dir, "node_modules", "retell-sdk")))
            throw new InvalidOperationException("tests/sdk/node_modules is missing: run ./scripts/test.sh (it runs npm ci there).");
        var start = new ProcessStartInfo("node") { WorkingDirectory = dir, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"node {script} failed: {error}");
        return output.Trim();
    }
}

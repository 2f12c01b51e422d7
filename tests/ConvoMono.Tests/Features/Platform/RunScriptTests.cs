using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using ConvoMono.Features.Auth;
using ConvoMono.Features.Integrations;
using ConvoMono.Tests.Support;

namespace ConvoMono.Tests.Features.Platform;

/// <summary>The README's run command, <c>./scripts/run.sh</c>, run as a real process: it builds, prints the URL and an
/// admin login that signs in, serves a ready app on the embedded default (SQLite + simulators), and on its next start
/// shows the same login for the same data.</summary>
public sealed partial class RunScriptTests
{
    [GeneratedRegex(@"ConvoMono is starting at\s+(?<url>http://\S+)")]
    private static partial Regex UrlLine();

    [GeneratedRegex(@"Admin login:\s+(?<email>\S+) / (?<password>\S+)")]
    private static partial Regex LoginLine();

    private sealed record Started(Process Process, string Url, string Email, string Password, Func<string> Output);

    private static async Task<Started> StartAsync(string dataDir, int port)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepoPaths.Root, "scripts", "run.sh")])
        {
            WorkingDirectory = RepoPaths.Root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Bootstrap__") || k.StartsWith("Database__")).ToList())
            start.Environment.Remove(key);
        start.Environment["PORT"] = port.ToString();
        start.Environment["DATA_DIR"] = dataDir;
        // The script's build must not leave build servers behind holding this test's pipes open.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        var process = Process.Start(start)!;
        var lines = new List<string>();
        void Keep(object _, DataReceivedEventArgs e) { if (e.Data is not null) lock (lines) lines.Add(e.Data); }
        process.OutputDataReceived += Keep;
        process.ErrorDataReceived += Keep;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        string Output() { lock (lines) return string.Join('\n', lines); }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddMinutes(4);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"run.sh exited with {process.ExitCode}:\n{Output()}");
            var url = UrlLine().Match(Output());
            var login = LoginLine().Match(Output());
            if (url.Success && login.Success)
            {
                try
                {
                    if ((await http.GetAsync(url.Groups["url"].Value + "/health/ready")).StatusCode == HttpStatusCode.OK)
                        return new Started(process, url.Groups["url"].Value, login.Groups["email"].Value, login.Groups["password"].Value, Output);
                }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) { }
            }
            await Task.Delay(250);
        }
        process.Kill(entireProcessTree: true);
        throw new TimeoutException("run.sh did not serve a ready app in 4 minutes:\n" + Output());
    }

    private static void Stop(Started run)
    {
        if (!run.Process.HasExited) run.Process.Kill(entireProcessTree: true);
        run.Process.WaitForExit(10_000);
        run.Process.Dispose();
    }

    /// <summary>Signs in with the printed login; returns the bearer token (null when refused).</summary>
    private static async Task<string?> SignInAsync(Started run)
    {
        using var http = new HttpClient { BaseAddress = new Uri(run.Url) };
        using var response = await http.PostJsonAsync("/api/v1/auth/token", new { email = run.Email, password = run.Password });
        if (response.StatusCode != HttpStatusCode.OK) return null;
        var token = await response.ReadAsync<IssueTokenResponse>();
        Assert.Equal("super_admin", token.Role);
        return token.AccessToken;
    }

    [Fact]
    public async Task The_run_command_prints_a_working_url_and_admin_login_and_keeps_them_across_restarts()
    {
        var dataDir = Directory.CreateTempSubdirectory("convomono-run-").FullName;
        try
        {
            var port = AppProcess.FreePort();
            var first = await StartAsync(dataDir, port);
            try
            {
                Assert.Equal($"http://127.0.0.1:{port}", first.Url);
                Assert.Equal("admin@localhost", first.Email);
                var token = await SignInAsync(first);
                Assert.True(token is not null, first.Output());
                using var http = new HttpClient();
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(first.Url + "/docs")).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(first.Url + "/signin")).StatusCode);
                http.DefaultRequestHeaders.Authorization = new("Bearer", token);
                var retell = await (await http.GetAsync(first.Url + "/api/v1/admin/integrations/retell")).ReadAsync<RetellIntegrationDto>();
                Assert.Equal("simulator", retell.Mode, ignoreCase: true); // nobody is called by the default run
                Assert.True(retell.SimulatorServed);
            }
            finally { Stop(first); }
            Assert.True(File.Exists(Path.Combine(dataDir, "convomono.db")), "the SQLite file lives in DATA_DIR");

            var second = await StartAsync(dataDir, port);
            try
            {
                Assert.Equal(first.Password, second.Password);
                Assert.NotNull(await SignInAsync(second));
            }
            finally { Stop(second); }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
    }
}

using ConvoMono.Features.Auth;
using ConvoMono.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace ConvoMono.Tests.Features.Auth;

public sealed class BootstrapTests
{
    [Fact]
    public async Task Without_configuration_the_first_start_creates_admin_at_localhost_with_a_logged_password()
    {
        var dir = Directory.CreateTempSubdirectory("convomono-bootstrap-");
        var logs = new CapturingLoggerProvider();
        await using (var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            b.UseSetting("Database:ConnectionString", $"Data Source={Path.Combine(dir.FullName, "boot.db")}");
            b.ConfigureLogging(l => l.AddProvider(logs));
        }))
        {
            using var http = factory.CreateClient();
            var line = Assert.Single(logs.Messages, m => m.Contains("created the first super admin admin@localhost"));
            var password = line.Split("with the password ")[1].Split(' ')[0];

            var token = await (await http.PostJsonAsync("/api/v1/auth/token", new { email = "admin@localhost", password }))
                .ReadAsync<IssueTokenResponse>();
            Assert.Equal("super_admin", token.Role);
        }

        // A second start over the same database creates nobody and prints no password.
        var secondLogs = new CapturingLoggerProvider();
        await using (var again = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            b.UseSetting("Database:ConnectionString", $"Data Source={Path.Combine(dir.FullName, "boot.db")}");
            b.ConfigureLogging(l => l.AddProvider(secondLogs));
        }))
        {
            again.CreateClient().Dispose();
            Assert.DoesNotContain(secondLogs.Messages, m => m.Contains("with the password"));
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        dir.Delete(recursive: true);
    }
}

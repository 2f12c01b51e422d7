using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ConvoMono.Tests.Support;

/// <summary>The app on a real loopback port (fresh SQLite file), for clients outside this process such as the
/// official provider SDKs run by node.</summary>
public sealed class KestrelApp : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("convomono-kestrel-").FullName;
    private readonly WebApplicationFactory<Program> _factory;

    public KestrelApp(params (string Key, string Value)[] settings)
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            b.UseSetting("Database:ConnectionString", $"Data Source={Path.Combine(_dir, "app.db")}");
            b.UseSetting("Logging:LogLevel:Default", "Warning");
            b.UseSetting("urls", "http://127.0.0.1:0"); // a free port, so several apps can run at once
            foreach (var (key, value) in settings) b.UseSetting(key, value);
        });
        _factory.UseKestrel(0);
        _factory.StartServer();
        BaseUrl = _factory.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }

    public string BaseUrl { get; }

    public IServiceProvider Services => _factory.Services;

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}

using System.Collections.Concurrent;
using System.Text.Json;
using ConvoMono.Infrastructure.Realtime;
using ConvoMono.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace ConvoMono.Tests.Features.Platform;

/// <summary>Two app instances on one database and one Redis (<c>CONVOMONO_TEST_REDIS</c>, started by the test command):
/// what happens on one reaches the pages and the hub clients of the other, once, and only for its tenant.</summary>
public sealed class MultiInstanceTests(TestApps apps)
{
    public const string RedisVariable = "CONVOMONO_TEST_REDIS";

    private static WebApplicationFactory<Program> Instance(TestAppFactory like, string prefix) => like.WithWebHostBuilder(b =>
    {
        b.UseSetting("Redis:ConnectionString", Environment.GetEnvironmentVariable(RedisVariable)
            ?? throw new InvalidOperationException($"{RedisVariable} is not set. Run the tests with ./scripts/test.sh, which starts a throwaway Redis."));
        b.UseSetting("Redis:ChannelPrefix", prefix); // this test's own channels on the shared Redis
    });

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task An_event_on_one_instance_reaches_pages_and_hub_clients_on_the_other_once_and_only_for_its_tenant(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var a = await api.NewTenantAsync();
        using var b = await api.NewTenantAsync();
        var prefix = "test-" + Guid.NewGuid().ToString("N");
        await using var one = Instance(api.Factory, prefix);
        await using var two = Instance(api.Factory, prefix);
        one.CreateClient().Dispose();
        two.CreateClient().Dispose();

        // A page of client A and a page of client B open on instance two.
        var pageA = new ConcurrentQueue<LiveEvent>();
        var pageB = new ConcurrentQueue<LiveEvent>();
        var liveTwo = two.Services.GetRequiredService<LiveNotifier>();
        using var subA = liveTwo.Subscribe(a.Id, platform: false, e => { pageA.Enqueue(e); return Task.CompletedTask; });
        using var subB = liveTwo.Subscribe(b.Id, platform: false, e => { pageB.Enqueue(e); return Task.CompletedTask; });
        // An API client of A connected to instance two's hub.
        var token = (await api.TokenAsync(a.OwnerEmail, TestApi.Password)).AccessToken;
        var hubA = new ConcurrentQueue<JsonElement>();
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(two.Server.BaseAddress, LiveHub.Path), o =>
            {
                o.HttpMessageHandlerFactory = _ => two.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        connection.On<JsonElement>(LiveHub.Method, e => hubA.Enqueue(e));
        await connection.StartAsync();

        // Published on instance one, after its subscription to Redis is in place (retry until the first arrives).
        var liveOne = one.Services.GetRequiredService<LiveNotifier>();
        var until = DateTime.UtcNow.AddSeconds(20);
        var sent = 0;
        while (!(pageA.Any(e => e.Type == "test.cross") && hubA.Any(e => e.GetProperty("type").GetString() == "test.cross")) && DateTime.UtcNow < until)
        {
            liveOne.Publish(new LiveEvent("test.cross", a.Id, new { n = ++sent }));
            await Task.Delay(300);
        }
        await Task.Delay(1_000); // anything still on its way lands
        var pageNs = pageA.Where(e => e.Type == "test.cross").Select(e => JsonSerializer.SerializeToElement(e.Payload).GetProperty("n").GetInt32()).ToList();
        var hubNs = hubA.Where(e => e.GetProperty("type").GetString() == "test.cross")
            .Select(e => e.GetProperty("payload").GetProperty("n").GetInt32()).ToList();
        Assert.NotEmpty(pageNs);
        Assert.NotEmpty(hubNs);
        Assert.Equal(pageNs.Count, pageNs.Distinct().Count());   // each event once on the page
        Assert.Equal(hubNs.Count, hubNs.Distinct().Count());     // and once at the hub client (not again by instance two's bridge)
        Assert.All(hubA, e => Assert.Equal(a.Id.ToString(), e.GetProperty("client_id").GetString()));
        Assert.DoesNotContain(pageB, e => e.Type == "test.cross");

        // A tenant-less event reaches client pages only when it is for everyone (the brand), on the other instance too;
        // a platform event (no tenant) never reaches a client's page.
        liveOne.Publish(new LiveEvent("test.platform", null, new { n = 0 }));
        liveOne.Publish(new LiveEvent("test.everyone", null, new { n = 0 }, Everyone: true));
        until = DateTime.UtcNow.AddSeconds(20);
        while (!(pageA.Any(e => e.Type == "test.everyone") && pageB.Any(e => e.Type == "test.everyone")) && DateTime.UtcNow < until)
            await Task.Delay(100);
        await Task.Delay(500);
        Assert.Single(pageA, e => e.Type == "test.everyone");
        Assert.Single(pageB, e => e.Type == "test.everyone");
        Assert.DoesNotContain(pageA, e => e.Type == "test.platform");
        Assert.DoesNotContain(pageB, e => e.Type == "test.platform");
    }
}

using System.Collections.Concurrent;
using System.Text.Json;
using ConvoMono.Features.ApiKeys;
using ConvoMono.Infrastructure.Realtime;
using ConvoMono.Tests.Support;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace ConvoMono.Tests.Features.Platform;

public sealed class LiveHubTests(TestApps apps)
{
    private static async Task<(HubConnection Connection, ConcurrentQueue<JsonElement> Received)> ConnectAsync(TestApi api, string token)
    {
        var received = new ConcurrentQueue<JsonElement>();
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(api.Factory.Server.BaseAddress, LiveHub.Path), o =>
            {
                o.HttpMessageHandlerFactory = _ => api.Factory.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        connection.On<JsonElement>(LiveHub.Method, e => received.Enqueue(e));
        await connection.StartAsync();
        return (connection, received);
    }

    [Fact]
    public async Task Each_connection_gets_only_its_tenants_events_and_admins_get_all()
    {
        var api = await apps.ApiAsync(Db.Sqlite);
        using var a = await api.NewTenantAsync();
        using var b = await api.NewTenantAsync();
        var keyA = await (await a.Owner.PostJsonAsync("/api/v1/api-keys", new { name = "hub" })).ReadAsync<CreatedApiKeyDto>();
        var tokenB = (await api.TokenAsync(b.OwnerEmail, TestApi.Password)).AccessToken;
        var adminToken = (await api.TokenAsync(TestAppFactory.AdminEmail, TestAppFactory.AdminPassword)).AccessToken;

        var (hubA, gotA) = await ConnectAsync(api, keyA.Secret);
        var (hubB, gotB) = await ConnectAsync(api, tokenB);
        var (hubAdmin, gotAdmin) = await ConnectAsync(api, adminToken);
        try
        {
            // Publish until every connection has something (long polling under a loaded test run can lag), then check
            // that no connection ever saw another tenant's event.
            var live = api.Factory.Services.GetRequiredService<LiveNotifier>();
            var until = DateTime.UtcNow.AddSeconds(30);
            while (!(gotA.Any(IsPing) && gotB.Any(IsPing) && gotAdmin.Count(IsPing) >= 2) && DateTime.UtcNow < until)
            {
                live.Publish(new LiveEvent("test.ping", a.Id, new { n = 1 }));
                live.Publish(new LiveEvent("test.ping", b.Id, new { n = 2 }));
                await Task.Delay(500);
            }
            Assert.True(gotA.Any(IsPing) && gotB.Any(IsPing), $"A got {gotA.Count}, B got {gotB.Count} events");
            Assert.All(gotA.Where(IsPing), e => Assert.Equal(a.Id.ToString(), e.GetProperty("client_id").GetString()));
            Assert.All(gotB.Where(IsPing), e => Assert.Equal(b.Id.ToString(), e.GetProperty("client_id").GetString()));
            var adminTenants = gotAdmin.Where(IsPing).Select(e => e.GetProperty("client_id").GetString()).ToHashSet();
            Assert.Contains(a.Id.ToString(), adminTenants);
            Assert.Contains(b.Id.ToString(), adminTenants);
        }
        finally
        {
            await hubA.DisposeAsync();
            await hubB.DisposeAsync();
            await hubAdmin.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_hub_refuses_anonymous_connections()
    {
        var api = await apps.ApiAsync(Db.Sqlite);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(api.Factory.Server.BaseAddress, LiveHub.Path), o =>
            {
                o.HttpMessageHandlerFactory = _ => api.Factory.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
            })
            .Build();
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
    }

    private static bool IsPing(JsonElement e) => e.GetProperty("type").GetString() == "test.ping";
}

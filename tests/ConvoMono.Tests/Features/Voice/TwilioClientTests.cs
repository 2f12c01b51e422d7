using ConvoMono.Infrastructure.Twilio;
using ConvoMono.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConvoMono.Tests.Features.Voice;

/// <summary>The typed Twilio client against the built-in Twilio simulator over real HTTP.</summary>
public sealed class TwilioClientTests
{
    [Fact]
    public async Task Numbers_are_searched_bought_listed_and_released_with_twilios_errors()
    {
        await using var app = new KestrelApp();
        var twilio = app.Services.GetRequiredService<TwilioClient>();

        var local = await twilio.SearchAsync("US", 212, tollFree: false, pageSize: 5, default);
        Assert.Equal(5, local.Count);
        Assert.All(local, n => Assert.Matches("^\\+1212555\\d{4}$", n.PhoneNumber));
        Assert.Equal("(212) 555-0100", local[0].FriendlyName);
        Assert.All(await twilio.SearchAsync("US", null, tollFree: true, pageSize: 3, default), n => Assert.StartsWith("+1888", n.PhoneNumber));

        var bought = await twilio.BuyAsync(local[0].PhoneNumber, null, "Acme line", null, default);
        Assert.StartsWith("PN", bought.Sid);
        Assert.Equal(("Acme line", "in-use"), (bought.FriendlyName, bought.Status));
        Assert.DoesNotContain(await twilio.SearchAsync("US", 212, false, 5, default), n => n.PhoneNumber == bought.PhoneNumber);
        var taken = await Assert.ThrowsAsync<TwilioApiException>(() => twilio.BuyAsync(local[0].PhoneNumber, null, null, null, default));
        Assert.Equal((400, 21422), (taken.Status, taken.Code));
        var byArea = await twilio.BuyAsync(null, 646, null, null, default);
        Assert.StartsWith("+1646", byArea.PhoneNumber);
        Assert.Equal(21451, (await Assert.ThrowsAsync<TwilioApiException>(() => twilio.BuyAsync(null, 12, null, null, default))).Code);

        Assert.Equal(2, (await twilio.ListAsync(default)).Count);
        Assert.Equal(bought.PhoneNumber, (await twilio.GetAsync(bought.Sid, default)).PhoneNumber);
        await twilio.ReleaseAsync(bought.Sid, default);
        var gone = await Assert.ThrowsAsync<TwilioApiException>(() => twilio.GetAsync(bought.Sid, default));
        Assert.Equal((404, 20404), (gone.Status, gone.Code));
        Assert.Single(await twilio.ListAsync(default));
    }

    [Fact]
    public async Task Wrong_credentials_get_twilios_authentication_error_and_a_failed_connection_test()
    {
        await using var app = new KestrelApp();
        var settings = app.Services.GetRequiredService<TwilioSettings>();
        var admin = new ConvoMono.Infrastructure.Tenancy.TenantContext();
        admin.SetTenant(Guid.Empty, "test");
        // Live, pointed at the simulator, with a token it does not accept.
        await settings.SaveAsync("Live", TwilioOptions.SimulatorAccountSid, "wrong-token", app.BaseUrl + "/simulator/twilio", admin, default);
        var twilio = app.Services.GetRequiredService<TwilioClient>();
        var error = await Assert.ThrowsAsync<TwilioApiException>(() => twilio.ListAsync(default));
        Assert.Equal((401, 20003), (error.Status, error.Code));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var test = await scope.ServiceProvider.GetRequiredService<ConvoMono.Features.Integrations.TwilioIntegrationHandler>().TestAsync(default);
            Assert.False(test.Ok);
            Assert.Contains("20003", test.Error);
        }

        await settings.SaveAsync("Simulator", null, null, null, admin, default);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var test = await scope.ServiceProvider.GetRequiredService<ConvoMono.Features.Integrations.TwilioIntegrationHandler>().TestAsync(default);
            Assert.True(test.Ok);
            Assert.Equal("ConvoMono Twilio simulator", test.Account);
        }
        Assert.Empty(await twilio.ListAsync(default));
    }
}

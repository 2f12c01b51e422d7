using System.Net.Http.Headers;
using ConvoMono.Features.Auth;
using ConvoMono.Features.PhoneNumbers;
using ConvoMono.Infrastructure.Tenancy;
using ConvoMono.Infrastructure.Twilio;
using ConvoMono.Infrastructure.Voice;
using ConvoMono.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConvoMono.Tests.Features.PhoneNumbers;

/// <summary>Buying at live Twilio needs the operator's SIP trunk. Each test has its own app, because the Twilio mode is platform-wide;
/// "live" here is Twilio's live mode pointed at the simulator with the simulator's credentials.</summary>
public sealed class TwilioTrunkTests
{
    private const string TrunkSid = "TK0123456789abcdef0123456789abcdef";

    private static async Task<HttpClient> LiveTwilioAdminAsync(KestrelApp app)
    {
        var actor = new TenantContext();
        actor.SetTenant(Guid.Empty, "test");
        await app.Services.GetRequiredService<TwilioSettings>().SaveAsync("Live", TwilioOptions.SimulatorAccountSid, TwilioOptions.SimulatorAuthToken,
            app.BaseUrl + "/simulator/twilio", actor, default);
        var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var token = await (await http.PostJsonAsync("/api/v1/auth/token", new { email = "admin@trunk.local", password = "Admin-Passw0rd!" }))
            .ReadAsync<IssueTokenResponse>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        return http;
    }

    private static KestrelApp NewApp(params (string, string)[] settings) =>
        new([("Bootstrap:AdminEmail", "admin@trunk.local"), ("Bootstrap:AdminPassword", "Admin-Passw0rd!"), .. settings]);

    [Fact]
    public async Task Without_a_trunk_buying_at_live_Twilio_is_refused_before_anything_is_bought()
    {
        await using var app = NewApp();
        using var admin = await LiveTwilioAdminAsync(app);

        var problem = await (await admin.PostJsonAsync("/api/v1/admin/phone-numbers/purchase", new { provider = "twilio", area_code = 415 })).ProblemAsync(422);
        Assert.Equal("phone_numbers.trunk_not_configured", problem.Code());
        Assert.Contains("Twilio__TerminationUri", problem.GetProperty("detail").GetString());
        Assert.Empty(await app.Services.GetRequiredService<TwilioClient>().ListAsync(default));
    }

    [Fact]
    public async Task With_a_configured_trunk_the_number_is_bought_onto_it_and_imported_with_its_uri_and_credentials()
    {
        await using var app = NewApp(("Twilio:TerminationUri", "acme-voice.pstn.twilio.com"), ("Twilio:TrunkSid", TrunkSid),
            ("Twilio:SipUsername", "retell-acme"), ("Twilio:SipPassword", "Sip-Passw0rd-123"));
        using var admin = await LiveTwilioAdminAsync(app);

        var number = await (await admin.PostJsonAsync("/api/v1/admin/phone-numbers/purchase", new { provider = "twilio", area_code = 415 })).ReadAsync<PhoneNumberDto>();
        var atTwilio = Assert.Single(await app.Services.GetRequiredService<TwilioClient>().ListAsync(default));
        Assert.Equal((number.PhoneNumber, TrunkSid), (atTwilio.PhoneNumber, atTwilio.TrunkSid));
        var trunk = (await app.Services.GetRequiredService<RetellClient>().GetPhoneNumberAsync(number.PhoneNumber, default)).Extra!["sip_outbound_trunk_config"];
        Assert.Equal(("acme-voice.pstn.twilio.com", "retell-acme"), (trunk.GetProperty("termination_uri").GetString(), trunk.GetProperty("auth_username").GetString()));
    }
}

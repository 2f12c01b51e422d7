using System.Text;
using ConvoMono.Infrastructure.Voice;
using ConvoMono.Tests.Support;

namespace ConvoMono.Tests.Features.VoiceWebhooks;

public sealed class RetellSignatureTests
{
    private const string Body1 = "{\"event\":\"call_ended\"}";
    private const string Header1 = "v=1700000000000,d=07024cabe7dd8f6d1c6e4a8324ca92c812e6ad4a7ee506c04f7e462e3321823e";
    private const long Ts1 = 1700000000000;

    [Theory] // ../shared/reference/retell-api.md §9.5, checked there against retell-sdk 5.66.1
    [InlineData("{\"event\":\"call_ended\"}", "test-api-key", 1700000000000, Header1)]
    [InlineData("{\"event\":\"call_ended\",\"call\":{\"call_id\":\"call_abc123\"}}", "key_0123456789abcdef", 1767225600000,
        "v=1767225600000,d=d3dd8c4215403ef458f786b5fe9352cf0f23af015e237f00d5661063e8ef2e4e")]
    [InlineData("héllo ✓", "key_0123456789abcdef", 1767225600000,
        "v=1767225600000,d=97e77c9921089a60edab3892386621f67fc8afa8f9ac6e8913e9f275eda18c8a")]
    public void The_reference_vectors_sign_and_verify(string body, string key, long ts, string header)
    {
        Assert.Equal(header, RetellSignature.Sign(Encoding.UTF8.GetBytes(body), key, ts));
        Assert.True(RetellSignature.Verify(Encoding.UTF8.GetBytes(body), key, header, ts));
    }

    [Theory]
    [InlineData(Body1, "test-api-key", Header1, 0, true)]
    [InlineData(Body1, "test-api-key", Header1, 300_000, true)]
    [InlineData(Body1, "test-api-key", Header1, 300_001, false)]   // stale
    [InlineData(Body1, "test-api-key", Header1, -300_001, false)]  // from the future
    [InlineData(Body1 + " ", "test-api-key", Header1, 0, false)]   // tampered body
    [InlineData(Body1 + "\n", "test-api-key", Header1, 0, false)]
    [InlineData(Body1, "wrong-api-key", Header1, 0, false)]
    [InlineData(Body1, "test-api-key", "V=1700000000000,D=07024CABE7DD8F6D1C6E4A8324CA92C812E6AD4A7EE506C04F7E462E3321823E", 0, true)]
    [InlineData(Body1, "test-api-key", "v=01700000000000,d=07024cabe7dd8f6d1c6e4a8324ca92c812e6ad4a7ee506c04f7e462e3321823e", 0, true)]
    [InlineData(Body1, "test-api-key", "v=1700000000000, d=07024cabe7dd8f6d1c6e4a8324ca92c812e6ad4a7ee506c04f7e462e3321823e", 0, false)]
    [InlineData(Body1, "test-api-key", "v=1700000000000,d=07024cabe7dd8f6d1c6e4a8324ca92c812e6ad4a7ee506c04f7e462e33218", 0, false)]
    [InlineData(Body1, "test-api-key", "v=999999999999999999999999,d=07024cabe7dd8f6d1c6e4a8324ca92c812e6ad4a7ee506c04f7e462e3321823e", 0, false)]
    [InlineData(Body1, "test-api-key", "d=07024cabe7dd8f6d1c6e4a8324ca92c812e6ad4a7ee506c04f7e462e3321823e,v=1700000000000", 0, false)]
    [InlineData(Body1, "test-api-key", "", 0, false)]
    [InlineData(Body1, "test-api-key", "garbage", 0, false)]
    public void Verify_follows_the_sdk_on_every_edge(string body, string key, string header, long delta, bool valid) =>
        Assert.Equal(valid, RetellSignature.Verify(Encoding.UTF8.GetBytes(body), key, header, Ts1 + delta));
}

/// <summary>The same checks against the official retell-sdk, both directions.</summary>
public sealed class RetellSdkSignatureTests
{
    private const string Key = "key_sdk_interop_0123456789";

    [Theory]
    [InlineData("{\"event\":\"call_started\",\"call\":{\"call_id\":\"call_1\"}}")]
    [InlineData("{\"event\":\"call_analyzed\",\"call\":{\"call_id\":\"call_é✓\",\"transcript\":\"Agent: héllo\\nUser: ja\"}}")]
    public async Task Signatures_made_by_the_sdk_verify_here_and_ours_verify_in_the_sdk(string body)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var sdkHeader = await RetellSdk.SignAsync(body, Key);
        Assert.True(RetellSignature.Verify(Encoding.UTF8.GetBytes(body), Key, sdkHeader, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        Assert.False(RetellSignature.Verify(Encoding.UTF8.GetBytes(body + " "), Key, sdkHeader, now));
        Assert.False(RetellSignature.Verify(Encoding.UTF8.GetBytes(body), Key + "x", sdkHeader, now));

        var ours = RetellSignature.Sign(Encoding.UTF8.GetBytes(body), Key, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.True(await RetellSdk.VerifyAsync(body, Key, ours));
        Assert.False(await RetellSdk.VerifyAsync(body, "another-key", ours));
        var stale = RetellSignature.Sign(Encoding.UTF8.GetBytes(body), Key, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 301_000);
        Assert.False(await RetellSdk.VerifyAsync(body, Key, stale));
    }
}

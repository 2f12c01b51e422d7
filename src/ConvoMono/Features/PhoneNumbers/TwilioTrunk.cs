using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Twilio;

namespace ConvoMono.Features.PhoneNumbers;

/// <summary>The SIP trunk Twilio numbers are imported into Retell with: configured for live Twilio, a stand-in on the simulator.</summary>
public sealed record TwilioTrunk(string TerminationUri, string? Username, string? Password, string? TrunkSid)
{
    public static async Task<TwilioTrunk> ResolveAsync(TwilioSettings settings, TwilioTrunkOptions options, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(options.TerminationUri))
            return new(options.TerminationUri.Trim(), Blank(options.SipUsername), Blank(options.SipPassword), Blank(options.TrunkSid));
        if ((await settings.GetAsync(ct)).IsSimulator) return new(TwilioTrunkOptions.SimulatorTerminationUri, null, null, null);
        throw new DomainException("phone_numbers.trunk_not_configured",
            "Twilio numbers reach Retell over an Elastic SIP trunk, and none is configured. Create the trunk once in Twilio, then set " +
            "Twilio__TerminationUri (the trunk's domain, e.g. acme-voice.pstn.twilio.com), Twilio__TrunkSid and, for credential auth, " +
            "Twilio__SipUsername and Twilio__SipPassword.");
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

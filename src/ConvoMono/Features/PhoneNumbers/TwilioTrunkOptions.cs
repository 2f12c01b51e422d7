using System.ComponentModel.DataAnnotations;

namespace ConvoMono.Features.PhoneNumbers;

/// <summary>The operator's Twilio Elastic SIP trunk, set up once by hand (reference twilio-numbers.md §4): numbers bought at
/// Twilio are attached to it and imported into Retell with its termination URI and credentials.</summary>
public sealed class TwilioTrunkOptions
{
    public const string Section = "Twilio";
    /// <summary>Used while Twilio runs on the simulator, which has no trunk to set up.</summary>
    public const string SimulatorTerminationUri = "convomono-sim.pstn.twilio.com";

    /// <summary>The trunk's DomainName, e.g. <c>acme-voice.pstn.twilio.com</c>.</summary>
    [StringLength(200)] public string? TerminationUri { get; set; }
    [StringLength(100)] public string? SipUsername { get; set; }
    [StringLength(100)] public string? SipPassword { get; set; }
    /// <summary>Given to Twilio's buy, so the number lands on the trunk at purchase (<c>TK…</c>).</summary>
    [RegularExpression("^TK[0-9a-fA-F]{32}$", ErrorMessage = "Twilio:TrunkSid is TK followed by 32 hex digits.")]
    public string? TrunkSid { get; set; }
}

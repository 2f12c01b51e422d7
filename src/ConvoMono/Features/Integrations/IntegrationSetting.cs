namespace ConvoMono.Features.Integrations;

/// <summary>Provider settings the super admin changed at runtime (they override configuration). The secret is
/// encrypted with ASP.NET Data Protection (keys in the database, shared by every instance) and never returned.</summary>
public sealed class IntegrationSetting
{
    public string Provider { get; set; } = "";
    public string Mode { get; set; } = "Simulator";
    public string? ProtectedSecret { get; set; }
    public string? SecretHint { get; set; }
    public string? BaseUrl { get; set; }
    /// <summary>A non-secret account id (Twilio's Account SID).</summary>
    public string? AccountId { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}

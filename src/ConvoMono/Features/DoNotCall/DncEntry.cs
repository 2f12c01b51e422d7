using ConvoMono.Infrastructure.Tenancy;

namespace ConvoMono.Features.DoNotCall;

public enum DncSource { Manual, Import, Call }

/// <summary>A number one client must never call (its own do-not-call list).</summary>
public sealed class DncEntry : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    /// <summary>E.164.</summary>
    public string PhoneNumber { get; set; } = "";
    public DncSource Source { get; set; } = DncSource.Manual;
    public string? Reason { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A number no client may call: the platform-wide list the super admin keeps (complaints, regulators' lists).</summary>
public sealed class PlatformDncEntry
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string PhoneNumber { get; set; } = "";
    public DncSource Source { get; set; } = DncSource.Manual;
    public string? Reason { get; set; }
    public DateTime CreatedAt { get; set; }
}

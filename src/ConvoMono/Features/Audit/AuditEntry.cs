using System.Text.Json;
using ConvoMono.Infrastructure.Tenancy;
using ConvoMono.Infrastructure.Data;

namespace ConvoMono.Features.Audit;

/// <summary>One administrative change: who, when, what, and the state before and after (as JSON).
/// Platform data, not tenant-owned: <see cref="ClientId"/> says which client it concerns, if any.</summary>
public sealed class AuditEntry
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public Guid Id { get; private set; } = SequentialGuid.NewGuid(); // the audit trail lists newest first by id
    public DateTime At { get; private set; }
    public Guid? ActorUserId { get; private set; }
    public string ActorName { get; private set; } = "";
    public string Action { get; private set; } = "";
    public string TargetType { get; private set; } = "";
    public string TargetId { get; private set; } = "";
    public Guid? ClientId { get; private set; }
    public string? Before { get; private set; }
    public string? After { get; private set; }
    public string? Reason { get; private set; }

    private AuditEntry() { }

    public static AuditEntry Record(TenantContext actor, string action, string targetType, object targetId, Guid? clientId,
        object? before, object? after, DateTime now, string? reason = null) => new()
    {
        At = now,
        ActorUserId = actor.UserId,
        ActorName = actor.ActorName ?? "system",
        Action = action,
        TargetType = targetType,
        TargetId = targetId.ToString() ?? "",
        ClientId = clientId,
        Before = before is null ? null : JsonSerializer.Serialize(before, before.GetType(), Json),
        After = after is null ? null : JsonSerializer.Serialize(after, after.GetType(), Json),
        Reason = reason,
    };
}

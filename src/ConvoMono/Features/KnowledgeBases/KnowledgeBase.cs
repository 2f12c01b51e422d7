using ConvoMono.Infrastructure.Tenancy;

namespace ConvoMono.Features.KnowledgeBases;

public enum KnowledgeBaseStatus { InProgress, Complete, Error }

/// <summary>A client's knowledge base: its sources are kept here (so a failed sync can be sent again) and mirrored in a
/// Retell knowledge base, whose indexing status is polled until it is complete.</summary>
public sealed class KnowledgeBase : ITenantOwned
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public string Name { get; private set; } = "";
    public string? RetellKnowledgeBaseId { get; private set; }
    public KnowledgeBaseStatus Status { get; private set; } = KnowledgeBaseStatus.InProgress;
    public string? Error { get; private set; }
    public int SyncAttempts { get; private set; }
    public DateTime? NextCheckAt { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public DateTime? CompletedAt { get; private set; }

    private KnowledgeBase() { }

    public static KnowledgeBase Create(string name, DateTime now) =>
        new() { Name = name.Trim(), CreatedAt = now, UpdatedAt = now, NextCheckAt = now };

    public void Created(string retellId, DateTime now, DateTime nextCheckAt)
    {
        RetellKnowledgeBaseId = retellId;
        Status = KnowledgeBaseStatus.InProgress;
        Error = null;
        SyncAttempts++;
        NextCheckAt = nextCheckAt;
        UpdatedAt = now;
    }

    /// <summary>Only moves the next check: <see cref="UpdatedAt"/> stays the last state change (created, sent, retried), from
    /// which the sync job counts how long Retell has been indexing.</summary>
    public void StillIndexing(DateTime nextCheckAt) => NextCheckAt = nextCheckAt;

    /// <summary>Someone (a request or a sync job instance) is sending or checking it right now; others leave it alone until
    /// <paramref name="until"/>, after which the job takes over if that work died.</summary>
    public void HoldUntil(DateTime until) => NextCheckAt = until;

    public void Completed(DateTime now)
    {
        Status = KnowledgeBaseStatus.Complete;
        Error = null;
        CompletedAt = now;
        NextCheckAt = null;
        UpdatedAt = now;
    }

    public void Failed(string error, DateTime now)
    {
        Status = KnowledgeBaseStatus.Error;
        Error = error.Length > 1000 ? error[..1000] : error;
        SyncAttempts++;
        NextCheckAt = null;
        UpdatedAt = now;
    }

    /// <summary>A retry sends the stored sources again as a new Retell knowledge base.</summary>
    public void Retry(DateTime now)
    {
        RetellKnowledgeBaseId = null;
        Status = KnowledgeBaseStatus.InProgress;
        Error = null;
        NextCheckAt = now;
        UpdatedAt = now;
    }
}

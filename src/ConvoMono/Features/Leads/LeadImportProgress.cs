using System.Collections.Concurrent;

namespace ConvoMono.Features.Leads;

/// <summary>The latest counts of the imports running on this instance. The database copy is updated at each commit
/// (every 250k rows on SQLite), so reads of a running import take the fresher counts from here.</summary>
public sealed class LeadImportProgress
{
    private readonly ConcurrentDictionary<Guid, ImportTally> _running = new();

    public void Report(Guid importId, ImportTally snapshot) => _running[importId] = snapshot;

    public void Finish(Guid importId) => _running.TryRemove(importId, out _);

    public LeadImportDto Overlay(LeadImportDto import)
    {
        if (import.Status != LeadImportStatus.Running || !_running.TryGetValue(import.Id, out var tally)) return import;
        return import with
        {
            RowsRead = tally.RowsRead, Imported = tally.Imported, RejectedTotal = tally.RejectedTotal,
            Rejected = RejectReason.All.ToDictionary(r => r, r => tally.Rejected.GetValueOrDefault(r)), Samples = tally.Samples,
            Progress = import.FileBytes > 0 ? Math.Min(0.99, (double)tally.BytesRead / import.FileBytes) : 0,
        };
    }
}

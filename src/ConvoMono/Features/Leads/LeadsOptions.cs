using System.ComponentModel.DataAnnotations;

namespace ConvoMono.Features.Leads;

public sealed class LeadsOptions
{
    public const string Section = "Leads";

    /// <summary>Largest CSV accepted (413 above it).</summary>
    [Range(1024, 2L * 1024 * 1024 * 1024)] public long MaxFileBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Files up to this size are imported within the request (200); larger ones continue in the background (202).</summary>
    [Range(0, long.MaxValue)] public long InlineMaxBytes { get; set; } = 2L * 1024 * 1024;

    /// <summary>Rows parsed, normalised and handed to the writer at a time (small, so their objects die young).</summary>
    [Range(1, 1_000_000)] public int BatchSize { get; set; } = 2_000;

    /// <summary>On PostgreSQL, rows per binary COPY and transaction (also how often progress is saved there).</summary>
    [Range(1, 10_000_000)] public int PostgresCopyRows { get; set; } = 20_000;

    [Range(2, 2000)] public int MaxColumns { get; set; } = 200;

    /// <summary>On SQLite, rows written per transaction (several batches): each commit rewrites the pages of the phone
    /// index it touched, so fewer commits are much faster; other writers wait for at most one such transaction.</summary>
    [Range(100, 10_000_000)] public int SqliteCommitRows { get; set; } = 250_000;
}

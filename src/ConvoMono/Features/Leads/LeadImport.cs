using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Tenancy;

namespace ConvoMono.Features.Leads;

public enum LeadImportStatus { Running, Completed, Failed, Cancelled, Undone }

/// <summary>One CSV import into a campaign: its progress, its report (counts per reason and the first rows of each) and,
/// kept apart in <see cref="LeadImportRejects"/>, the CSV of every rejected row.</summary>
public sealed class LeadImport : ITenantOwned
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid CampaignId { get; private set; }
    public string FileName { get; private set; } = "";
    public long FileBytes { get; private set; }
    public LeadImportStatus Status { get; private set; } = LeadImportStatus.Running;
    public string? PhoneColumn { get; private set; }
    public string DefaultCountry { get; private set; } = "US";
    public long RowsRead { get; private set; }
    public long BytesRead { get; private set; }
    public long Imported { get; private set; }
    public long RejectedTotal { get; private set; }
    public Dictionary<string, long> Rejected { get; private set; } = [];
    public List<RejectedSample> Samples { get; private set; } = [];
    public List<string> Columns { get; private set; } = [];
    public string? Error { get; private set; }
    public bool CancelRequested { get; private set; }
    public Guid? CreatedByUserId { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public DateTime? FinishedAt { get; private set; }

    private LeadImport() { }

    public static LeadImport Start(Guid campaignId, string fileName, long fileBytes, string defaultCountry, Guid? userId, DateTime now) => new()
    {
        CampaignId = campaignId, FileName = fileName, FileBytes = fileBytes, DefaultCountry = defaultCountry,
        CreatedByUserId = userId, CreatedAt = now, UpdatedAt = now,
    };

    public void Progress(ImportTally tally, DateTime now)
    {
        RowsRead = tally.RowsRead;
        BytesRead = tally.BytesRead;
        Imported = tally.Imported;
        RejectedTotal = tally.RejectedTotal;
        Rejected = new(tally.Rejected);
        Samples = [.. tally.Samples];
        UpdatedAt = now;
    }

    public void Mapped(string phoneColumn, IReadOnlyList<string> columns, DateTime now)
    {
        PhoneColumn = phoneColumn;
        Columns = [.. columns];
        UpdatedAt = now;
    }

    public void Complete(ImportTally tally, DateTime now)
    {
        Progress(tally, now);
        Status = LeadImportStatus.Completed;
        FinishedAt = now;
    }

    public void Fail(string error, DateTime now)
    {
        Status = LeadImportStatus.Failed;
        Error = error;
        Imported = 0;
        FinishedAt = now;
        UpdatedAt = now;
    }

    public void Cancelled(DateTime now)
    {
        Status = LeadImportStatus.Cancelled;
        Imported = 0;
        FinishedAt = now;
        UpdatedAt = now;
    }

    public void RequestCancel(DateTime now)
    {
        if (Status != LeadImportStatus.Running)
            throw new DomainException("leads.import_finished", "This import has already finished; undo it instead.", StatusCodes.Status409Conflict);
        CancelRequested = true;
        UpdatedAt = now;
    }

    public void Undone(DateTime now)
    {
        if (Status != LeadImportStatus.Completed)
            throw new DomainException("leads.import_not_completed", "Only a completed import can be undone.", StatusCodes.Status409Conflict);
        Status = LeadImportStatus.Undone;
        UpdatedAt = now;
    }
}

/// <summary>One of the first rejected rows of a reason, shown in the report.</summary>
public sealed record RejectedSample(string Reason, long Line, string? Phone, string Detail);

/// <summary>The CSV of every rejected row (with its line and reason), gzip-compressed, one row per import.</summary>
public sealed class LeadImportRejects : ITenantOwned
{
    public Guid ImportId { get; set; }
    public Guid TenantId { get; set; }
    public byte[] CsvGzip { get; set; } = [];
}

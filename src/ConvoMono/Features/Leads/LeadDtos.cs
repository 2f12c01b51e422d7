namespace ConvoMono.Features.Leads;

public sealed record LeadImportDto(
    Guid Id, Guid CampaignId, LeadImportStatus Status, string FileName, long FileBytes, string? PhoneColumn, string DefaultCountry,
    IReadOnlyList<string> Columns, long RowsRead, double Progress, long Imported, long RejectedTotal, IReadOnlyDictionary<string, long> Rejected,
    IReadOnlyList<RejectedSample> Samples, string? RejectedCsvUrl, string? Error, DateTime CreatedAt, DateTime? FinishedAt);

public sealed record LeadDto(Guid Id, Guid CampaignId, string PhoneNumber, IReadOnlyDictionary<string, string> Variables, LeadStatus Status,
    int Attempts, string TimeZone, IReadOnlyList<string> TimeZones, DateTime? LastAttemptAt, DateTime? NextAttemptAt, Guid? ImportId,
    int? SourceLine, DateTime CreatedAt);

public static class LeadMapping
{
    public static LeadImportDto ToDto(this LeadImport i)
    {
        var rejected = RejectReason.All.ToDictionary(r => r, r => i.Rejected.GetValueOrDefault(r));
        var progress = i.Status == LeadImportStatus.Running ? (i.FileBytes > 0 ? Math.Min(0.99, (double)i.BytesRead / i.FileBytes) : 0) : 1;
        var url = i.Status is LeadImportStatus.Completed or LeadImportStatus.Undone && i.RejectedTotal > 0
            ? $"/api/v1/campaigns/{i.CampaignId}/leads/imports/{i.Id}/rejected.csv" : null;
        return new LeadImportDto(i.Id, i.CampaignId, i.Status, i.FileName, i.FileBytes, i.PhoneColumn, i.DefaultCountry, i.Columns, i.RowsRead,
            progress, i.Imported, i.RejectedTotal, rejected, i.Samples, url, i.Error, i.CreatedAt, i.FinishedAt);
    }

    public static LeadDto ToDto(this Lead l) => new(l.Id, l.CampaignId, l.PhoneNumber, l.Variables, l.Status, l.Attempts, l.TimeZone,
        l.AllTimeZones, l.LastAttemptAt, l.NextAttemptAt, l.ImportId, l.SourceLine, l.CreatedAt);
}

namespace ConvoMono.Features.Leads;

public static class RejectReason
{
    public const string InvalidPhone = "invalid_phone", MissingPhone = "missing_phone", DuplicateInFile = "duplicate_in_file",
        DuplicateInCampaign = "duplicate_in_campaign", DoNotCall = "do_not_call", MissingVariable = "missing_variable";

    public static readonly string[] All = [InvalidPhone, MissingPhone, DuplicateInFile, DuplicateInCampaign, DoNotCall, MissingVariable];
}

/// <summary>The running counts of an import and the first rejected rows of each reason.</summary>
public sealed class ImportTally
{
    public const int SamplesPerReason = 5;

    public long RowsRead { get; set; }
    public long BytesRead { get; set; }
    public long Imported { get; set; }
    public long RejectedTotal { get; private set; }
    public Dictionary<string, long> Rejected { get; } = [];
    public List<RejectedSample> Samples { get; } = [];

    public void CopyRejectionsFrom(ImportTally other)
    {
        RejectedTotal = other.RejectedTotal;
        foreach (var (reason, count) in other.Rejected) Rejected[reason] = count;
        Samples.AddRange(other.Samples);
    }

    public void Reject(string reason, long line, string? phone, string detail)
    {
        RejectedTotal++;
        var count = Rejected[reason] = Rejected.GetValueOrDefault(reason) + 1;
        if (count <= SamplesPerReason) Samples.Add(new RejectedSample(reason, line, phone, detail));
    }
}

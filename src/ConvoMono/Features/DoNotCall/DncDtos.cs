namespace ConvoMono.Features.DoNotCall;

/// <summary>A number on a do-not-call list (the client's or the platform's). The id only serves the list's cursor;
/// the API addresses entries by their number.</summary>
public sealed record DncEntryDto(Guid Id, string PhoneNumber, DncSource Source, string? Reason, DateTime CreatedAt);

/// <summary>What a bulk import did: numbers added, numbers that were already listed, repeats inside the file, lines that
/// are not callable numbers, and the first of those lines with the reason.</summary>
public sealed record DncImportReport(int Added, int AlreadyListed, int DuplicatesInFile, int Invalid, IReadOnlyList<DncImportSample> Samples);

public sealed record DncImportSample(int Line, string Value, string Error);

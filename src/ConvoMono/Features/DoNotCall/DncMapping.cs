namespace ConvoMono.Features.DoNotCall;

public static class DncMapping
{
    public static DncEntryDto ToDto(this DncEntry e) => new(e.Id, e.PhoneNumber, e.Source, e.Reason, e.CreatedAt);
    public static DncEntryDto ToDto(this PlatformDncEntry e) => new(e.Id, e.PhoneNumber, e.Source, e.Reason, e.CreatedAt);
}

namespace ConvoMono.Features.Users;

public sealed record UserDto(Guid Id, string Email, string Role, Guid? ClientId, DateTime CreatedAt, DateTime? LastSignInAt, bool LockedOut);

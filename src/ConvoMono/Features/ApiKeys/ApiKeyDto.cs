namespace ConvoMono.Features.ApiKeys;

public sealed record ApiKeyDto(Guid Id, string Name, string Prefix, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt);

/// <summary>The answer to a create: the only time the secret is ever shown.</summary>
public sealed record CreatedApiKeyDto(Guid Id, string Name, string Prefix, string Secret, DateTime CreatedAt);

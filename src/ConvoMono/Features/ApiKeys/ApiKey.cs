using System.Security.Cryptography;
using System.Text;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Tenancy;

namespace ConvoMono.Features.ApiKeys;

/// <summary>A named, revocable credential for a client's integrations. Only a SHA-256 hash of the secret is kept:
/// the secret has 256 random bits, so a fast hash is enough and lookups stay one indexed query.</summary>
public sealed class ApiKey : ITenantOwned
{
    public const string SecretPrefix = "cm_live_";

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public string Name { get; private set; } = "";
    public string DisplayPrefix { get; private set; } = "";
    public string SecretHash { get; private set; } = "";
    public Guid? CreatedByUserId { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? LastUsedAt { get; private set; }
    public DateTime? RevokedAt { get; private set; }

    private ApiKey() { }

    /// <summary>Creates a key and returns the secret, which is never stored nor shown again.</summary>
    public static (ApiKey Key, string Secret) Issue(string name, Guid? createdBy, DateTime now)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new DomainException("api_keys.name_required", "An API key needs a name.", field: "name");
        var secret = SecretPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey
        {
            Name = name.Trim(),
            DisplayPrefix = secret[..(SecretPrefix.Length + 6)],
            SecretHash = Hash(secret),
            CreatedByUserId = createdBy,
            CreatedAt = now,
        };
        return (key, secret);
    }

    public void Revoke(DateTime now) => RevokedAt ??= now;

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

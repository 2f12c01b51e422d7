using System.Security.Cryptography;
using ConvoMono.Features.Users;
using ConvoMono.Infrastructure.Auth;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConvoMono.Features.Auth;

public sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";
    public string? AdminEmail { get; set; }
    public string? AdminPassword { get; set; }
}

/// <summary>Creates the first super admin when there is none: from configuration, or admin@localhost with a random
/// password written once to the log.</summary>
public sealed class BootstrapAdmin(IServiceScopeFactory scopes, IOptions<BootstrapOptions> options, TimeProvider clock, ILogger<BootstrapAdmin> log)
{
    public async Task RunAsync(CancellationToken ct)
    {
        await using var identity = IdentityScope.Begin(scopes, new TenantContext());
        if (await identity.Db.Users.AnyAsync(u => u.Role == Roles.SuperAdmin, ct)) return;

        var email = string.IsNullOrWhiteSpace(options.Value.AdminEmail) ? "admin@localhost" : options.Value.AdminEmail.Trim();
        var generated = string.IsNullOrEmpty(options.Value.AdminPassword);
        var password = generated ? GeneratePassword() : options.Value.AdminPassword!;
        try
        {
            await UserAccounts.CreateAsync(identity.Users, email, password, Roles.SuperAdmin, null, clock.GetUtcNow().UtcDateTime,
                "Bootstrap:AdminEmail", "Bootstrap:AdminPassword");
        }
        catch (Infrastructure.Errors.DomainException e) when (e.Code == "users.email_taken")
        {
            log.LogWarning("Bootstrap: a user {Email} already exists; no super admin was created.", email);
            return;
        }
        if (generated)
            log.LogWarning("Bootstrap: created the first super admin {Email} with the password {Password} (shown once; change it after signing in).",
                email, password);
        else
            log.LogInformation("Bootstrap: created the first super admin {Email}.", email);
    }

    private static string GeneratePassword() =>
        "Cm" + RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 14) + "7a";
}

using System.ComponentModel.DataAnnotations;
using ConvoMono.Features.Users;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.AspNetCore.Identity;

namespace ConvoMono.Features.Auth;

public sealed record ChangePasswordRequest
{
    [Display(Name = "Current password"), Required, StringLength(128)] public string CurrentPassword { get; set; } = "";
    [Display(Name = "New password"), Required, StringLength(128)] public string NewPassword { get; set; } = "";
}

public sealed class ChangePasswordHandler(IServiceScopeFactory scopes, TenantContext caller)
{
    public async Task HandleAsync(ChangePasswordRequest request, CancellationToken ct)
    {
        await using var identity = IdentityScope.Begin(scopes, caller);
        var users = identity.Users;
        var user = caller.UserId is { } id ? await users.FindByIdAsync(id.ToString()) : null;
        if (user is null)
            throw new DomainException("auth.no_user", "Only a signed-in user can change a password.", StatusCodes.Status403Forbidden);
        var result = await users.ChangePasswordAsync(user, request.CurrentPassword, request.NewPassword);
        if (result.Errors.Any(e => e.Code == "PasswordMismatch"))
            throw new DomainException("auth.wrong_password", "The current password is wrong.", StatusCodes.Status400BadRequest, "current_password");
        UserAccounts.ThrowIfFailed(result, passwordField: "new_password");
    }
}

using ConvoMono.Infrastructure.Errors;
using Microsoft.AspNetCore.Identity;

namespace ConvoMono.Features.Users;

/// <summary>Creates Identity users and turns Identity's errors into field errors (400) or conflicts (409).</summary>
public static class UserAccounts
{
    public static async Task<AppUser> CreateAsync(UserManager<AppUser> users, string email, string password, string role,
        Guid? clientId, DateTime now, string emailField = "email", string passwordField = "password")
    {
        var user = new AppUser
        {
            UserName = email.Trim(), Email = email.Trim(), EmailConfirmed = true, Role = role, ClientId = clientId, CreatedAt = now,
        };
        var result = await users.CreateAsync(user, password);
        ThrowIfFailed(result, emailField, passwordField);
        return user;
    }

    public static void ThrowIfFailed(IdentityResult result, string emailField = "email", string passwordField = "password")
    {
        if (result.Succeeded) return;
        if (result.Errors.Any(e => e.Code is "DuplicateEmail" or "DuplicateUserName"))
            throw new DomainException("users.email_taken", "A user with this email already exists.", StatusCodes.Status409Conflict, emailField);
        var passwordErrors = result.Errors.Where(e => e.Code.StartsWith("Password", StringComparison.Ordinal)).ToList();
        if (passwordErrors.Count > 0)
            throw new DomainException("users.weak_password", string.Join(" ", passwordErrors.Select(e => e.Description)),
                StatusCodes.Status400BadRequest, passwordField);
        var error = result.Errors.First();
        throw new DomainException("users.invalid", error.Description, StatusCodes.Status400BadRequest,
            error.Code.Contains("Email", StringComparison.Ordinal) || error.Code.Contains("UserName", StringComparison.Ordinal) ? emailField : null);
    }
}

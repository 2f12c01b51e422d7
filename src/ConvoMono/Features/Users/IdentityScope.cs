using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.AspNetCore.Identity;

namespace ConvoMono.Features.Users;

/// <summary>Identity's managers for one operation, over their own context. Identity's stores want a scoped
/// DbContext, and a Blazor scope lives as long as the circuit, so every operation gets a fresh scope
/// that carries the caller's tenant.</summary>
public sealed class IdentityScope : IAsyncDisposable
{
    private readonly AsyncServiceScope _scope;

    private IdentityScope(AsyncServiceScope scope) => _scope = scope;

    public AppDbContext Db => _scope.ServiceProvider.GetRequiredService<AppDbContext>();
    public UserManager<AppUser> Users => _scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
    public SignInManager<AppUser> SignIn => _scope.ServiceProvider.GetRequiredService<SignInManager<AppUser>>();
    public IUserClaimsPrincipalFactory<AppUser> Principals => _scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>();

    public static IdentityScope Begin(IServiceScopeFactory scopes, TenantContext caller)
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().CopyFrom(caller);
        return new IdentityScope(scope);
    }

    public ValueTask DisposeAsync() => _scope.DisposeAsync();
}

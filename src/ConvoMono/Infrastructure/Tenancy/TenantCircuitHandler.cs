using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace ConvoMono.Infrastructure.Tenancy;

/// <summary>A Blazor circuit has its own DI scope, which the request middleware never saw: fill its
/// <see cref="TenantContext"/> from the circuit's signed-in user before any page runs a handler.</summary>
public sealed class TenantCircuitHandler(AuthenticationStateProvider auth, TenantContext tenant) : CircuitHandler
{
    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken ct)
    {
        var state = await auth.GetAuthenticationStateAsync();
        tenant.SetFrom(state.User);
    }

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            if (tenant.Role is null)
                tenant.SetFrom((await auth.GetAuthenticationStateAsync()).User);
            await next(context);
        };
}

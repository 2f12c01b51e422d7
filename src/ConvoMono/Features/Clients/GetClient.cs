using ConvoMono.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Clients;

public sealed class GetClientHandler(IDbContextFactory<AppDbContext> dbs)
{
    public async Task<ClientDto?> HandleAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var client = await db.Clients.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        return client?.ToDto();
    }
}

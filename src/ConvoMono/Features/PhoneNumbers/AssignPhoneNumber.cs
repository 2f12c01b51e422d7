using System.ComponentModel.DataAnnotations;
using ConvoMono.Features.Audit;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.PhoneNumbers;

public sealed record AssignPhoneNumberRequest
{
    [Display(Name = "Client"), Required(ErrorMessage = "Choose the client.")] public Guid? ClientId { get; set; }
}

public sealed class AssignPhoneNumberHandler(IDbContextFactory<AppDbContext> dbs, TenantContext actor, TimeProvider clock)
{
    public async Task<PhoneNumberDto?> HandleAsync(Guid id, AssignPhoneNumberRequest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var number = await db.PhoneNumbers.FirstOrDefaultAsync(n => n.Id == id, ct);
        if (number is null) return null;
        var clientId = request.ClientId!.Value;
        var clientName = await db.Clients.Where(c => c.Id == clientId).Select(c => c.Name).FirstOrDefaultAsync(ct)
            ?? throw new DomainException("phone_numbers.client_not_found", "There is no such client.", StatusCodes.Status404NotFound, "client_id");
        var before = number.ToDto();
        number.AssignTo(clientId, now);
        db.PhoneNumberAssignments.Add(PhoneNumberAssignment.Open(number, clientId, now));
        db.AuditEntries.Add(AuditEntry.Record(actor, "phone_number.assigned", "phone_number", id, clientId, before, number.ToDto(clientName), now));
        await db.SaveChangesAsync(ct);
        return number.ToDto(clientName);
    }
}

using System.ComponentModel.DataAnnotations;
using ConvoMono.Features.Audit;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.PhoneNumbers;

/// <summary>A partial update: only the fields present change.</summary>
public sealed record UpdatePhoneNumberRequest
{
    [Display(Name = "Monthly cost"), Range(typeof(decimal), "0", "1000")] public decimal? MonthlyCost { get; set; }
    [Display(Name = "Nickname"), StringLength(100)] public string? Nickname { get; set; }
}

public sealed class UpdatePhoneNumberHandler(IDbContextFactory<AppDbContext> dbs, TenantContext actor, TimeProvider clock)
{
    public async Task<PhoneNumberDto?> HandleAsync(Guid id, UpdatePhoneNumberRequest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var number = await db.PhoneNumbers.FirstOrDefaultAsync(n => n.Id == id, ct);
        if (number is null) return null;
        if (number.Status == PhoneNumberStatus.Released)
            throw new DomainException("phone_numbers.released", "This number has been given back to its provider.", StatusCodes.Status409Conflict);
        var before = number.ToDto();
        if (request.Nickname is not null) number.Rename(request.Nickname, now);
        if (request.MonthlyCost is { } cost && cost != number.MonthlyCost)
        {
            number.ChangeCost(cost, now);
            // The profit view accrues cost per assignment period, so a new cost starts a new period from now.
            if (number.ClientId is { } clientId)
            {
                foreach (var open in await db.PhoneNumberAssignments.Where(a => a.PhoneNumberId == id && a.ToAt == null).ToListAsync(ct))
                    open.Close(now);
                db.PhoneNumberAssignments.Add(PhoneNumberAssignment.Open(number, clientId, now));
            }
        }
        var after = number.ToDto();
        if (after == before) return after;
        db.AuditEntries.Add(AuditEntry.Record(actor, "phone_number.updated", "phone_number", id, number.ClientId, before, after, now));
        await db.SaveChangesAsync(ct);
        return after;
    }
}

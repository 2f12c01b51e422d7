using ConvoMono.Features.Audit;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Tenancy;
using ConvoMono.Infrastructure.Twilio;
using ConvoMono.Infrastructure.Voice;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.PhoneNumbers;

/// <summary>Gives an unassigned number back to its provider (deleted at Retell; a Twilio number is also released at Twilio) and
/// marks it released. The row stays for the cost history.</summary>
public sealed class GiveBackPhoneNumberHandler(IDbContextFactory<AppDbContext> dbs, RetellClient retell, TwilioClient twilio, TenantContext actor,
    TimeProvider clock)
{
    public async Task<PhoneNumberDto?> HandleAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var number = await db.PhoneNumbers.FirstOrDefaultAsync(n => n.Id == id, ct);
        if (number is null) return null;
        if (number.Status == PhoneNumberStatus.Released)
            throw new DomainException("phone_numbers.released", "This number has already been given back.", StatusCodes.Status409Conflict);
        if (number.Status == PhoneNumberStatus.Assigned)
            throw new DomainException("phone_numbers.assigned", "Release the number from its client before giving it back.", StatusCodes.Status409Conflict);

        // Already gone at the provider (deleted by hand, or never imported) counts as given back.
        try { await retell.DeletePhoneNumberAsync(number.Number, ct); }
        catch (Exception e) when (ProviderErrors.Is(e) && !ProviderErrors.IsNotFound(e)) { throw ProviderErrors.Problem(e, $"delete {number.Number} at Retell"); }
        if (number.Provider == PhoneNumberProvider.Twilio && number.TwilioSid is { } sid)
        {
            try { await twilio.ReleaseAsync(sid, ct); }
            catch (Exception e) when (ProviderErrors.Is(e) && !ProviderErrors.IsNotFound(e))
            {
                throw ProviderErrors.Problem(e, $"release {number.Number} at Twilio", "Retell no longer has it; try again to release it at Twilio.");
            }
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var before = number.ToDto();
        number.MarkReleased(now);
        db.AuditEntries.Add(AuditEntry.Record(actor, "phone_number.given_back", "phone_number", id, null, before, number.ToDto(), now));
        await db.SaveChangesAsync(CancellationToken.None); // the provider has let it go: record that even if the caller left
        return number.ToDto();
    }
}

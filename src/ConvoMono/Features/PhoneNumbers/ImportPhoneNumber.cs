using System.ComponentModel.DataAnnotations;
using ConvoMono.Features.Audit;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Tenancy;
using ConvoMono.Infrastructure.Voice;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConvoMono.Features.PhoneNumbers;

/// <summary>A number the operator already has at a carrier, brought into Retell over the carrier's SIP trunk.</summary>
public sealed record ImportPhoneNumberRequest : IValidatableObject
{
    [Display(Name = "Phone number"), Required, StringLength(30)] public string PhoneNumber { get; set; } = "";
    /// <summary>The carrier trunk's termination URI, e.g. <c>acme-voice.pstn.twilio.com</c>.</summary>
    [Display(Name = "Termination URI"), Required, StringLength(200)] public string TerminationUri { get; set; } = "";
    [Display(Name = "SIP username"), StringLength(100)] public string? SipUsername { get; set; }
    [Display(Name = "SIP password"), StringLength(100)] public string? SipPassword { get; set; }
    [Display(Name = "Monthly cost"), Range(typeof(decimal), "0", "1000")] public decimal? MonthlyCost { get; set; }
    [Display(Name = "Nickname"), StringLength(100)] public string? Nickname { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (!string.IsNullOrWhiteSpace(PhoneNumber) && E164.Parse(PhoneNumber) is null)
            yield return new("This is not a valid phone number; use E.164, e.g. +14155550123.", [nameof(PhoneNumber)]);
        if (string.IsNullOrWhiteSpace(SipUsername) != string.IsNullOrWhiteSpace(SipPassword))
            yield return new("Give both the SIP username and password, or neither.", [nameof(SipPassword)]);
    }
}

public sealed class ImportPhoneNumberHandler(IDbContextFactory<AppDbContext> dbs, RetellClient retell, IOptions<PhoneNumbersOptions> options,
    TenantContext actor, TimeProvider clock)
{
    public async Task<PhoneNumberDto> HandleAsync(ImportPhoneNumberRequest request, CancellationToken ct)
    {
        var (e164, country) = E164.Parse(request.PhoneNumber)
            ?? throw new DomainException("phone_numbers.invalid_number", "This is not a valid phone number; use E.164, e.g. +14155550123.",
                StatusCodes.Status400BadRequest, "phone_number");
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (await db.PhoneNumbers.AnyAsync(n => n.Number == e164 && n.Status != PhoneNumberStatus.Released, ct))
            throw new DomainException("phone_numbers.duplicate", $"{e164} is already in the inventory.", StatusCodes.Status409Conflict, "phone_number");

        var terminationUri = request.TerminationUri.Trim();
        try
        {
            await retell.ImportPhoneNumberAsync(new RetellImportPhoneNumberRequest
            {
                PhoneNumber = e164, TerminationUri = terminationUri, SipTrunkAuthUsername = Blank(request.SipUsername),
                SipTrunkAuthPassword = Blank(request.SipPassword), Nickname = Blank(request.Nickname),
            }, ct);
        }
        catch (Exception e) when (ProviderErrors.Is(e)) { throw ProviderErrors.Problem(e, $"import {e164} into Retell", "Nothing was recorded."); }

        var now = clock.GetUtcNow().UtcDateTime;
        var number = PhoneNumber.Acquire(e164, PhoneNumberProvider.Imported, country, E164.AreaCode(e164),
            request.MonthlyCost ?? options.Value.ImportedMonthlyCost, options.Value.Currency, Blank(request.Nickname), null, terminationUri, now);
        db.PhoneNumbers.Add(number);
        db.AuditEntries.Add(AuditEntry.Record(actor, "phone_number.imported", "phone_number", number.Id, null, null, number.ToDto(), now));
        await db.SaveChangesAsync(CancellationToken.None); // Retell has it now: a cancelled request must not lose the row
        return number.ToDto();
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

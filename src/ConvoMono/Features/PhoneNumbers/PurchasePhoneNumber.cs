using System.ComponentModel.DataAnnotations;
using ConvoMono.Features.Audit;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Tenancy;
using ConvoMono.Infrastructure.Twilio;
using ConvoMono.Infrastructure.Voice;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConvoMono.Features.PhoneNumbers;

public sealed record PurchasePhoneNumberRequest : IValidatableObject
{
    /// <summary><c>retell</c> (Retell buys it, by area code) or <c>twilio</c> (bought at Twilio, imported into Retell over SIP).</summary>
    [Display(Name = "Provider"), Required, AllowedValues("retell", "twilio", ErrorMessage = "The provider must be retell or twilio.")]
    public string Provider { get; set; } = "retell";
    [Display(Name = "Area code"), Range(200, 999, ErrorMessage = "The area code has three digits (US/CA), e.g. 415.")]
    public int? AreaCode { get; set; }
    [Display(Name = "Country"), RegularExpression("^[A-Za-z]{2}$", ErrorMessage = "Use a two-letter ISO country code, e.g. US.")]
    public string? Country { get; set; } = "US";
    /// <summary>Twilio only: the exact number picked from <c>GET /available</c>.</summary>
    [Display(Name = "Phone number"), StringLength(20)] public string? PhoneNumber { get; set; }
    /// <summary>The operator's monthly cost; the configured default of the provider when absent.</summary>
    [Display(Name = "Monthly cost"), Range(typeof(decimal), "0", "1000")] public decimal? MonthlyCost { get; set; }
    [Display(Name = "Nickname"), StringLength(100)] public string? Nickname { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (PhoneNumber is not null && Provider != "twilio")
            yield return new("An exact number can only be picked at Twilio; Retell picks one by area code.", [nameof(PhoneNumber)]);
        else if (PhoneNumber is not null && E164.Parse(PhoneNumber, Country ?? "US") is null)
            yield return new("This is not a valid phone number; use E.164, e.g. +14155550123.", [nameof(PhoneNumber)]);
        if (PhoneNumber is null && AreaCode is null) yield return new("Enter an area code, e.g. 415.", [nameof(AreaCode)]);
    }
}

public sealed class PurchasePhoneNumberHandler(IDbContextFactory<AppDbContext> dbs, RetellClient retell, TwilioClient twilio, TwilioSettings twilioSettings,
    IOptions<PhoneNumbersOptions> options, IOptions<TwilioTrunkOptions> trunk, TenantContext actor, TimeProvider clock, ILogger<PurchasePhoneNumberHandler> log)
{
    public async Task<PhoneNumberDto> HandleAsync(PurchasePhoneNumberRequest request, CancellationToken ct)
    {
        var country = (request.Country ?? "US").ToUpperInvariant();
        return request.Provider == "twilio" ? await BuyAtTwilioAsync(request, country, ct) : await BuyAtRetellAsync(request, country, ct);
    }

    private async Task<PhoneNumberDto> BuyAtRetellAsync(PurchasePhoneNumberRequest request, string country, CancellationToken ct)
    {
        RetellPhoneNumber bought;
        try
        {
            bought = await retell.CreatePhoneNumberAsync(new RetellPhoneNumberRequest
            {
                AreaCode = request.AreaCode, CountryCode = country, Nickname = request.Nickname,
            }, ct);
        }
        catch (Exception e) when (ProviderErrors.Is(e)) { throw ProviderErrors.Problem(e, "buy a number at Retell", "Nothing was bought."); }

        var number = PhoneNumber.Acquire(bought.PhoneNumber, PhoneNumberProvider.Retell, country, bought.AreaCode ?? request.AreaCode,
            request.MonthlyCost ?? options.Value.RetellMonthlyCost, options.Value.Currency, request.Nickname, null, null, Now);
        return await RecordAsync(number, "phone_number.purchased", async () => await retell.DeletePhoneNumberAsync(bought.PhoneNumber, CancellationToken.None));
    }

    private async Task<PhoneNumberDto> BuyAtTwilioAsync(PurchasePhoneNumberRequest request, string country, CancellationToken ct)
    {
        var sip = await TwilioTrunk.ResolveAsync(twilioSettings, trunk.Value, ct);
        TwilioIncomingNumber bought;
        try
        {
            var pick = request.PhoneNumber is { } exact ? E164.Parse(exact, country)!.Value.Number
                : (await twilio.SearchAsync(country, request.AreaCode, tollFree: false, pageSize: 1, ct)).FirstOrDefault()?.PhoneNumber
                  ?? throw new DomainException("phone_numbers.none_available", $"Twilio has no {country} number in area code {request.AreaCode} right now; try another area code.",
                      field: "area_code");
            bought = await twilio.BuyAsync(pick, null, request.Nickname, sip.TrunkSid, ct);
        }
        catch (Exception e) when (ProviderErrors.Is(e)) { throw ProviderErrors.Problem(e, "buy the number at Twilio", "Nothing was bought."); }

        try
        {
            await retell.ImportPhoneNumberAsync(new RetellImportPhoneNumberRequest
            {
                PhoneNumber = bought.PhoneNumber, TerminationUri = sip.TerminationUri, SipTrunkAuthUsername = sip.Username,
                SipTrunkAuthPassword = sip.Password, Nickname = request.Nickname,
            }, ct);
        }
        catch (Exception e) when (ProviderErrors.Is(e))
        {
            await UndoTwilioPurchaseAsync(bought, request, country, sip.TerminationUri, e, ct);
            throw;
        }

        var number = PhoneNumber.Acquire(bought.PhoneNumber, PhoneNumberProvider.Twilio, country, E164.AreaCode(bought.PhoneNumber) ?? request.AreaCode,
            request.MonthlyCost ?? options.Value.TwilioMonthlyCost, options.Value.Currency, request.Nickname, bought.Sid, sip.TerminationUri, Now);
        return await RecordAsync(number, "phone_number.purchased", async () =>
        {
            await retell.DeletePhoneNumberAsync(bought.PhoneNumber, CancellationToken.None);
            await twilio.ReleaseAsync(bought.Sid, CancellationToken.None);
        });
    }

    /// <summary>Retell refused the import: give the number back to Twilio. If even that fails, keep it in the inventory (not in
    /// Retell) so the operator sees it and can give it back, rather than paying for a number nobody knows about.</summary>
    private async Task UndoTwilioPurchaseAsync(TwilioIncomingNumber bought, PurchasePhoneNumberRequest request, string country, string terminationUri,
        Exception importError, CancellationToken ct)
    {
        try
        {
            await twilio.ReleaseAsync(bought.Sid, CancellationToken.None);
        }
        catch (Exception e) when (ProviderErrors.Is(e))
        {
            log.LogError(e, "Twilio number {Number} ({Sid}) could not be released after Retell refused its import", bought.PhoneNumber, bought.Sid);
            var kept = PhoneNumber.Acquire(bought.PhoneNumber, PhoneNumberProvider.Twilio, country, E164.AreaCode(bought.PhoneNumber),
                request.MonthlyCost ?? options.Value.TwilioMonthlyCost, options.Value.Currency, "Not in Retell: import failed", bought.Sid, terminationUri, Now);
            await RecordAsync(kept, "phone_number.import_failed", null);
            throw new DomainException("phone_numbers.import_failed", $"Retell could not import {bought.PhoneNumber} ({ProviderErrors.Describe(importError)}), " +
                $"and Twilio did not take it back ({ProviderErrors.Describe(e)}). It is in the inventory; give it back once the providers answer.",
                StatusCodes.Status502BadGateway);
        }
        throw new DomainException("phone_numbers.import_failed", $"Retell could not import {bought.PhoneNumber}: {ProviderErrors.Describe(importError)}. " +
            "The Twilio number was released again, so nothing was bought.", StatusCodes.Status502BadGateway);
    }

    /// <summary>Saves the number with its audit entry; when the save fails the purchase is undone at the provider.</summary>
    private async Task<PhoneNumberDto> RecordAsync(PhoneNumber number, string action, Func<Task>? undo)
    {
        await using var db = await dbs.CreateDbContextAsync(CancellationToken.None);
        // A live row with this number means the provider's copy is that row's own one: nothing to undo.
        if (await db.PhoneNumbers.AnyAsync(n => n.Number == number.Number && n.Status != PhoneNumberStatus.Released, CancellationToken.None))
            throw new DomainException("phone_numbers.duplicate", $"{number.Number} is already in the inventory.", StatusCodes.Status409Conflict);
        db.PhoneNumbers.Add(number);
        db.AuditEntries.Add(AuditEntry.Record(actor, action, "phone_number", number.Id, null, null, number.ToDto(), Now));
        try
        {
            await db.SaveChangesAsync(CancellationToken.None); // bought already: a cancelled request must not lose the row
        }
        catch (DbUpdateException) when (undo is not null)
        {
            try { await undo(); }
            catch (Exception undoError) when (ProviderErrors.Is(undoError))
            {
                log.LogError(undoError, "Number {Number} was bought but neither recorded nor given back", number.Number);
            }
            throw;
        }
        return number.ToDto();
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}

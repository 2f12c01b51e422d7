using System.ComponentModel.DataAnnotations;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ConvoMono.Infrastructure.Voice;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace ConvoMono.Infrastructure.Twilio;

/// <summary>Twilio, for buying numbers. <c>Simulator</c> (default) uses the built-in simulator under /simulator/twilio.</summary>
public sealed class TwilioOptions : IValidatableObject
{
    public const string Section = "Twilio";
    public const string SimulatorAccountSid = "AC00000000000000000000000000000000";
    public const string SimulatorAuthToken = "simulator_auth_token";

    [RegularExpression("^(Simulator|Live)$", ErrorMessage = "Twilio:Mode must be 'Simulator' or 'Live'.")]
    public string Mode { get; set; } = "Simulator";
    public string? AccountSid { get; set; }
    public string? AuthToken { get; set; }
    public string? BaseUrl { get; set; }

    public bool IsSimulator => Mode == "Simulator";
    public string EffectiveSid => string.IsNullOrEmpty(AccountSid) ? SimulatorAccountSid : AccountSid;
    public string EffectiveToken => string.IsNullOrEmpty(AuthToken) ? SimulatorAuthToken : AuthToken;

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (!IsSimulator && (string.IsNullOrWhiteSpace(AccountSid) || string.IsNullOrWhiteSpace(AuthToken)))
            yield return new ValidationResult("Twilio:AccountSid and Twilio:AuthToken are required when Twilio:Mode is Live.");
    }
}

public sealed record TwilioAvailableNumber(string PhoneNumber, string? FriendlyName, string? IsoCountry, string? Region, string? Locality, string? AddressRequirements);

public sealed record TwilioIncomingNumber(string Sid, string PhoneNumber, string? FriendlyName, string? Status, string? TrunkSid, string? DateCreated);

/// <summary>Twilio's error body (<c>code</c>, <c>message</c>, <c>more_info</c>, <c>status</c>).</summary>
public sealed class TwilioApiException(int status, int code, string message) : Exception($"Twilio answered {status} ({code}): {message}")
{
    public int Status { get; } = status;
    public int Code { get; } = code;
    public string TwilioMessage { get; } = message;
}

/// <summary>The Twilio endpoints for numbers: search local and toll-free, buy, list, fetch, release.</summary>
public sealed class TwilioClient(HttpClient http, TwilioSettings settings)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    private const string Account = "{account}";

    public record TwilioAccount(string Sid, string? FriendlyName, string? Status, string? Type);

    /// <summary>The account itself: the connection test.</summary>
    public Task<TwilioAccount> GetAccountAsync(CancellationToken ct) => SendAsync<TwilioAccount>(HttpMethod.Get, "{account}.json", null, ct);

    public async Task<IReadOnlyList<TwilioAvailableNumber>> SearchAsync(string country, int? areaCode, bool tollFree, int pageSize, CancellationToken ct)
    {
        var query = $"?VoiceEnabled=true&PageSize={pageSize}" + (areaCode is { } a ? $"&AreaCode={a}" : "");
        var page = await SendAsync<JsonElement>(HttpMethod.Get, $"{Account}/AvailablePhoneNumbers/{country}/{(tollFree ? "TollFree" : "Local")}.json{query}", null, ct);
        return page.GetProperty("available_phone_numbers").Deserialize<List<TwilioAvailableNumber>>(Json)!;
    }

    /// <summary>Buys a number (never retried: a repeated POST could buy twice).</summary>
    public Task<TwilioIncomingNumber> BuyAsync(string? phoneNumber, int? areaCode, string? friendlyName, string? trunkSid, CancellationToken ct)
    {
        var form = new Dictionary<string, string>();
        if (phoneNumber is not null) form["PhoneNumber"] = phoneNumber;
        if (areaCode is not null) form["AreaCode"] = areaCode.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (friendlyName is not null) form["FriendlyName"] = friendlyName;
        if (trunkSid is not null) form["TrunkSid"] = trunkSid;
        return SendAsync<TwilioIncomingNumber>(HttpMethod.Post, $"{Account}/IncomingPhoneNumbers.json", new FormUrlEncodedContent(form), ct);
    }

    public async Task<IReadOnlyList<TwilioIncomingNumber>> ListAsync(CancellationToken ct)
    {
        var page = await SendAsync<JsonElement>(HttpMethod.Get, $"{Account}/IncomingPhoneNumbers.json?PageSize=1000", null, ct);
        return page.GetProperty("incoming_phone_numbers").Deserialize<List<TwilioIncomingNumber>>(Json)!;
    }

    public Task<TwilioIncomingNumber> GetAsync(string sid, CancellationToken ct) =>
        SendAsync<TwilioIncomingNumber>(HttpMethod.Get, $"{Account}/IncomingPhoneNumbers/{Uri.EscapeDataString(sid)}.json", null, ct);

    public Task ReleaseAsync(string sid, CancellationToken ct) =>
        SendAsync<object>(HttpMethod.Delete, $"{Account}/IncomingPhoneNumbers/{Uri.EscapeDataString(sid)}.json", null, ct);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, CancellationToken ct)
    {
        // Settings are read per call: the super admin can switch accounts or modes at runtime.
        var c = await settings.GetAsync(ct);
        var url = c.BaseUrl + "/" + path.Replace("{account}", $"2010-04-01/Accounts/{c.AccountSid}");
        using var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{c.AccountSid}:{c.AuthToken}")));
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            int code = 0;
            var message = text;
            try
            {
                using var doc = JsonDocument.Parse(text);
                if (doc.RootElement.TryGetProperty("code", out var codeProperty) && codeProperty.TryGetInt32(out var n)) code = n;
                if (doc.RootElement.TryGetProperty("message", out var m)) message = m.GetString() ?? text;
            }
            catch (JsonException) { }
            throw new TwilioApiException((int)response.StatusCode, code, message);
        }
        if (typeof(T) == typeof(object)) return default!;
        return (await response.Content.ReadFromJsonAsync<T>(Json, ct))!;
    }
}

public static class TwilioModule
{
    public static IServiceCollection AddTwilio(this IServiceCollection services)
    {
        services.AddOptions<TwilioOptions>().BindConfiguration(TwilioOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<TwilioSettings>();
        services.AddHttpClient<TwilioClient>()
            .AddStandardResilienceHandler(o =>
            {
                // As Twilio's own helper: retry throttling, with backoff; never a POST (buying twice costs money).
                o.Retry.MaxRetryAttempts = 3;
                o.Retry.Delay = TimeSpan.FromMilliseconds(100);
                o.Retry.DisableFor(HttpMethod.Post);
                o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(30);
                o.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(60);
            });
        return services;
    }
}

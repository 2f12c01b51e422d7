using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConvoMono.Simulators.Twilio;

public sealed class TwilioSimulatorOptions
{
    public string AccountSid { get; set; } = "";
    public string AuthToken { get; set; } = "";
}

/// <summary>The slice of Twilio's 2010-04-01 REST API the platform uses (../shared/reference/twilio-numbers.md):
/// search available local and toll-free numbers, buy, list, fetch and release incoming numbers, with Basic auth,
/// form-encoded PascalCase requests, snake_case JSON answers and Twilio's error bodies.</summary>
public static class TwilioSimulator
{
    public sealed class State
    {
        public ConcurrentDictionary<string, JsonObject> Owned { get; } = new();
        public ConcurrentDictionary<string, bool> Released { get; } = new();
    }

    public static IServiceCollection AddTwilioSimulator(this IServiceCollection services, Action<TwilioSimulatorOptions> configure)
    {
        services.Configure(configure);
        services.AddSingleton<State>();
        return services;
    }

    public static IEndpointRouteBuilder MapTwilioSimulator(this IEndpointRouteBuilder app, string prefix = "/simulator/twilio")
    {
        var api = app.MapGroup(prefix + "/2010-04-01/Accounts/{accountSid}").ExcludeFromDescription().DisableAntiforgery().AddEndpointFilter(async (context, next) =>
        {
            var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<TwilioSimulatorOptions>>().Value;
            var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.AccountSid}:{options.AuthToken}"));
            if (context.HttpContext.Request.Headers.Authorization.ToString() != expected) return Error(401, 20003, "Authenticate");
            return (string?)context.HttpContext.GetRouteValue("accountSid") == options.AccountSid
                ? await next(context)
                : Error(404, 20404, "The requested resource was not found");
        });

        app.MapGet(prefix + "/2010-04-01/Accounts/{accountSid}.json", (string accountSid, HttpContext http, IOptions<TwilioSimulatorOptions> options) =>
        {
            var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Value.AccountSid}:{options.Value.AuthToken}"));
            if (http.Request.Headers.Authorization.ToString() != expected) return Error(401, 20003, "Authenticate");
            return accountSid != options.Value.AccountSid ? Error(404, 20404, "The requested resource was not found") : Results.Json(new JsonObject
            {
                ["sid"] = accountSid, ["friendly_name"] = "ConvoMono Twilio simulator", ["status"] = "active", ["type"] = "Full",
            });
        }).ExcludeFromDescription();

        api.MapGet("/AvailablePhoneNumbers/{country}/Local.json", (string accountSid, string country, int? AreaCode, int? PageSize, State state) =>
            Available(accountSid, country, AreaCode ?? 415, PageSize, tollFree: false, state));
        api.MapGet("/AvailablePhoneNumbers/{country}/TollFree.json", (string accountSid, string country, int? AreaCode, int? PageSize, State state) =>
            Available(accountSid, country, AreaCode ?? 888, PageSize, tollFree: true, state));

        api.MapPost("/IncomingPhoneNumbers.json", async (string accountSid, HttpRequest request, State state) =>
        {
            var form = request.HasFormContentType ? await request.ReadFormAsync() : FormCollection.Empty;
            var number = form["PhoneNumber"].ToString();
            var areaCode = form["AreaCode"].ToString();
            if (number.Length == 0 && areaCode.Length == 0) return Error(400, 21452, "No phone numbers found");
            if (number.Length == 0)
            {
                if (!int.TryParse(areaCode, out var area) || area is < 200 or > 999) return Error(400, 21451, "Invalid area code");
                number = Candidates(area, false).FirstOrDefault(n => !state.Owned.Values.Any(o => o["phone_number"]!.GetValue<string>() == n) && !state.Released.ContainsKey(n))
                    ?? "";
                if (number.Length == 0) return Error(400, 21452, "No phone numbers found");
            }
            if (!System.Text.RegularExpressions.Regex.IsMatch(number, "^\\+1[2-9]\\d{9}$")) return Error(400, 21421, "PhoneNumber is invalid");
            if (state.Owned.Values.Any(o => o["phone_number"]!.GetValue<string>() == number) || state.Released.ContainsKey(number))
                return Error(400, 21422, "PhoneNumber is not available");
            var sid = "PN" + Guid.NewGuid().ToString("N");
            var now = DateTimeOffset.UtcNow.ToString("ddd, dd MMM yyyy HH:mm:ss +0000", System.Globalization.CultureInfo.InvariantCulture);
            var item = new JsonObject
            {
                ["sid"] = sid, ["account_sid"] = accountSid, ["phone_number"] = number,
                ["friendly_name"] = form["FriendlyName"].ToString() is { Length: > 0 } friendly ? friendly : Friendly(number),
                ["capabilities"] = new JsonObject { ["voice"] = true, ["sms"] = true, ["mms"] = true, ["fax"] = false },
                ["origin"] = "twilio", ["status"] = "in-use", ["trunk_sid"] = form["TrunkSid"].ToString() is { Length: > 0 } trunk ? trunk : null,
                ["address_requirements"] = "none", ["beta"] = false, ["api_version"] = "2010-04-01",
                ["date_created"] = now, ["date_updated"] = now, ["uri"] = $"/2010-04-01/Accounts/{accountSid}/IncomingPhoneNumbers/{sid}.json",
            };
            state.Owned[sid] = item;
            return Results.Json(item, statusCode: 201);
        });

        api.MapGet("/IncomingPhoneNumbers.json", (string accountSid, int? PageSize, State state) =>
        {
            var items = state.Owned.Values.OrderBy(o => o["sid"]!.GetValue<string>()).Take(Math.Clamp(PageSize ?? 50, 1, 1000)).ToList();
            return Results.Json(new JsonObject
            {
                ["incoming_phone_numbers"] = new JsonArray(items.Select(i => (JsonNode)i.DeepClone()).ToArray()),
                ["page"] = 0, ["page_size"] = PageSize ?? 50, ["next_page_uri"] = null, ["previous_page_uri"] = null,
                ["first_page_uri"] = $"/2010-04-01/Accounts/{accountSid}/IncomingPhoneNumbers.json?Page=0",
                ["uri"] = $"/2010-04-01/Accounts/{accountSid}/IncomingPhoneNumbers.json",
            });
        });
        api.MapGet("/IncomingPhoneNumbers/{sid}.json", (string sid, State state) =>
            state.Owned.TryGetValue(sid, out var item) ? Results.Json(item) : Error(404, 20404, "The requested resource was not found"));
        api.MapDelete("/IncomingPhoneNumbers/{sid}.json", (string sid, State state) =>
        {
            if (!state.Owned.TryRemove(sid, out var item)) return Error(404, 20404, "The requested resource was not found");
            state.Released[item["phone_number"]!.GetValue<string>()] = true;
            return Results.NoContent();
        });
        return app;
    }

    private static IResult Available(string accountSid, string country, int area, int? pageSize, bool tollFree, State state)
    {
        if (country is not ("US" or "CA")) return Results.Json(new JsonObject { ["available_phone_numbers"] = new JsonArray(), ["uri"] = "" });
        var owned = state.Owned.Values.Select(o => o["phone_number"]!.GetValue<string>()).ToHashSet();
        var numbers = Candidates(area, tollFree).Where(n => !owned.Contains(n) && !state.Released.ContainsKey(n)).Take(Math.Clamp(pageSize ?? 20, 1, 30));
        return Results.Json(new JsonObject
        {
            ["uri"] = $"/2010-04-01/Accounts/{accountSid}/AvailablePhoneNumbers/{country}/{(tollFree ? "TollFree" : "Local")}.json",
            ["available_phone_numbers"] = new JsonArray(numbers.Select(n => (JsonNode)new JsonObject
            {
                ["phone_number"] = n, ["friendly_name"] = Friendly(n), ["iso_country"] = country,
                ["region"] = tollFree ? null : "NY", ["locality"] = tollFree ? null : "Simulated City", ["postal_code"] = null,
                ["latitude"] = "40.7", ["longitude"] = "-74.0", ["address_requirements"] = "none", ["beta"] = false,
                ["capabilities"] = new JsonObject { ["voice"] = true, ["SMS"] = true, ["MMS"] = true },
            }).ToArray()),
        });
    }

    // 555-01xx numbers: reserved for fiction, never a real subscriber.
    private static IEnumerable<string> Candidates(int area, bool tollFree) =>
        Enumerable.Range(0, 100).Select(n => $"+1{(tollFree && area is not (800 or 833 or 844 or 855 or 866 or 877 or 888) ? 888 : area):000}55501{n:00}");

    private static string Friendly(string e164) => $"({e164[2..5]}) {e164[5..8]}-{e164[8..]}";

    private static IResult Error(int status, int code, string message) => Results.Json(new JsonObject
    {
        ["code"] = code, ["message"] = message, ["more_info"] = $"https://www.twilio.com/docs/errors/{code}", ["status"] = status,
    }, statusCode: status);
}

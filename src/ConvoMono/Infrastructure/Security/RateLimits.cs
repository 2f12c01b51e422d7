using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ConvoMono.Infrastructure.Security;

/// <summary>Requests per minute before 429 (RateLimits__*). Counted per app instance, in memory.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Browser sign-ins and token requests, per client IP.</summary>
    [Range(1, 1_000_000)] public int SignInPerMinute { get; set; } = 20;
    /// <summary>Requests with one API key.</summary>
    [Range(1, 10_000_000)] public int ApiKeyPerMinute { get; set; } = 600;
    /// <summary>Requests with any API key (valid or not) from one client IP.</summary>
    [Range(1, 10_000_000)] public int ApiKeyPerIpPerMinute { get; set; } = 1_200;
}

/// <summary>Rate limiting of the traffic that guesses or spends credentials: sign-in and token requests per IP, and API-key
/// requests per key and per IP (checked before authentication, so invalid keys count too). A refused request gets 429
/// with <c>Retry-After</c> and a problem body with code <c>rate_limited</c>.</summary>
public static class RateLimits
{
    public const string SignIn = "sign-in";

    public static IServiceCollection AddAppRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SignIn, http =>
            {
                var limit = Options(http).SignInPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter("ip:" + ClientIp(http), _ => PerMinute(limit));
            });
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(http => Auth.AuthModule.ApiKeyIn(http.Request) is { } key
                    ? RateLimitPartition.GetFixedWindowLimiter("key:" + Hash(key), _ => PerMinute(Options(http).ApiKeyPerMinute))
                    : RateLimitPartition.GetNoLimiter("")),
                PartitionedRateLimiter.Create<HttpContext, string>(http => Auth.AuthModule.ApiKeyIn(http.Request) is not null
                    ? RateLimitPartition.GetFixedWindowLimiter("key-ip:" + ClientIp(http), _ => PerMinute(Options(http).ApiKeyPerIpPerMinute))
                    : RateLimitPartition.GetNoLimiter("")));
            o.OnRejected = async (context, ct) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)) : 60;
                var response = context.HttpContext.Response;
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                if (context.HttpContext.Request.Path.StartsWithSegments("/account/signin"))
                {
                    // The browser's sign-in form: back to the page with the reason, as for a wrong password.
                    response.StatusCode = StatusCodes.Status303SeeOther;
                    response.Headers.Location = "/signin?error=rate_limited";
                    return;
                }
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                    detail: $"Too many requests. Try again in {seconds} s.",
                    extensions: new Dictionary<string, object?> { ["code"] = "rate_limited" }).ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }

    private static RateLimitOptions Options(HttpContext http) => http.RequestServices.GetRequiredService<IOptionsMonitor<RateLimitOptions>>().CurrentValue;

    private static FixedWindowRateLimiterOptions PerMinute(int limit) =>
        new() { PermitLimit = limit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true };

    private static string ClientIp(HttpContext http) => http.Connection.RemoteIpAddress is { } ip
        ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString()
        : IPAddress.None.ToString();

    // The partition key is a hash, so no secret sits in the limiter's table.
    private static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)), 0, 16);
}

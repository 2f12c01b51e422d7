using System.Security.Cryptography;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Infrastructure.Http;

/// <summary>Makes a mutating API POST carrying <c>Idempotency-Key</c> run once per caller and key: a retry gets the
/// first response back (marked <c>Idempotent-Replayed: true</c>); the same key with another body is refused (422);
/// a retry while the first is still running gets 409. Server errors are not remembered, so they can be retried. A
/// response that carries a secret shown only once (a new API key) is not kept: its retry gets 409
/// <c>idempotency.secret_not_replayed</c> with the created resource's <c>Location</c>, and nothing is created twice.</summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, TimeProvider clock)
{
    public const string Header = "Idempotency-Key";

    /// <summary>Set in <see cref="HttpContext.Items"/> by an endpoint whose success response holds a one-time secret.</summary>
    public const string OneTimeSecret = "idempotency.one_time_secret";
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    public async Task InvokeAsync(HttpContext http, TenantContext tenant, IDbContextFactory<AppDbContext> dbs, IProblemDetailsService problems)
    {
        var key = http.Request.Headers[Header].ToString();
        var scope = tenant.ApiKeyId is { } k ? "key:" + k : tenant.UserId is { } u ? "user:" + u : null;
        if (!HttpMethods.IsPost(http.Request.Method) || string.IsNullOrEmpty(key) || scope is null
            || !http.Request.Path.StartsWithSegments("/api"))
        {
            await next(http);
            return;
        }
        if (key.Length > 200)
        {
            await WriteProblemAsync(http, problems, StatusCodes.Status400BadRequest, "The Idempotency-Key header is longer than 200 characters.",
                "idempotency.key_too_long");
            return;
        }

        var requestHash = await HashRequestAsync(http.Request);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.CreateDbContextAsync(http.RequestAborted);
        var record = new IdempotencyRecord { Scope = scope, Key = key, RequestHash = requestHash, CreatedAt = now };
        db.IdempotencyRecords.Add(record);
        try
        {
            await db.SaveChangesAsync(http.RequestAborted);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            var first = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Scope == scope && r.Key == key, http.RequestAborted);
            if (first is null) throw;
            await ReplayAsync(http, problems, first, requestHash);
            return;
        }

        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        var completed = false;
        try
        {
            await next(http);
            completed = true;
        }
        finally
        {
            http.Response.Body = original;
            if (completed && http.Response.StatusCode < 500)
            {
                record.StatusCode = http.Response.StatusCode;
                record.ContentType = http.Response.ContentType;
                record.Location = http.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null;
                record.ResponseBody = buffer.ToArray();
                if (http.Items.ContainsKey(OneTimeSecret) && http.Response.StatusCode < 300)
                {
                    // The secret is stored nowhere but in this response: remember only that it was created, and where.
                    record.StatusCode = StatusCodes.Status409Conflict;
                    record.ContentType = "application/problem+json";
                    record.ResponseBody = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
                    {
                        ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.10", ["title"] = "Conflict", ["status"] = 409,
                        ["detail"] = "This request already succeeded and its secret was shown only in that response. The created resource is at the "
                            + "Location header; if the secret was lost, revoke it and create a new one.",
                        ["code"] = "idempotency.secret_not_replayed",
                    });
                }
                record.CompletedAt = clock.GetUtcNow().UtcDateTime;
                await db.SaveChangesAsync(CancellationToken.None);
            }
            else
            {
                db.IdempotencyRecords.Remove(record);
                await db.SaveChangesAsync(CancellationToken.None);
            }
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, http.RequestAborted);
    }

    private static async Task ReplayAsync(HttpContext http, IProblemDetailsService problems, IdempotencyRecord first, string requestHash)
    {
        if (first.RequestHash != requestHash)
        {
            await WriteProblemAsync(http, problems, StatusCodes.Status422UnprocessableEntity,
                "This Idempotency-Key was already used for a different request. Use a new key for a new request.", "idempotency.key_reused");
            return;
        }
        if (first.CompletedAt is null)
        {
            await WriteProblemAsync(http, problems, StatusCodes.Status409Conflict,
                "A request with this Idempotency-Key is still being processed. Retry in a moment.", "idempotency.in_progress");
            return;
        }
        http.Response.StatusCode = first.StatusCode!.Value;
        http.Response.Headers["Idempotent-Replayed"] = "true";
        if (first.ContentType is not null) http.Response.ContentType = first.ContentType;
        if (first.Location is not null) http.Response.Headers.Location = first.Location;
        if (first.ResponseBody is { Length: > 0 } body) await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }

    private static async Task<string> HashRequestAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes(request.Path + request.QueryString + "\n"));
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0) sha.AppendData(chunk, 0, read);
        request.Body.Position = 0;
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static async Task WriteProblemAsync(HttpContext http, IProblemDetailsService problems, int status, string detail, string code)
    {
        http.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = ProblemDetailsExceptionHandler.Problem(status, status == 409 ? "Conflict" : "Idempotency key problem", detail, code),
        });
    }
}

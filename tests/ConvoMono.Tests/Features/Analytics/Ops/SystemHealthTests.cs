using System.Net;
using ConvoMono.Features.Analytics.Ops;
using ConvoMono.Features.VoiceWebhooks;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Phones;
using ConvoMono.Tests.Features.Launch;
using ConvoMono.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConvoMono.Tests.Features.Analytics.Ops;

/// <summary>The system health figures, on an app instance with a database, a simulated Retell and a clock of its own (the
/// figures are platform-wide, so other tests' work would blur them on the shared database).</summary>
public sealed class SystemHealthTests(TestApps apps)
{
    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Health_reports_the_inbox_the_dispatcher_queue_Retell_the_database_and_recent_errors(Db db)
    {
        await using var host = await EngineHost.StartAsync(await apps.GetAsync(db), EngineTests.Monday18Utc);
        var now = host.Clock.GetUtcNow().UtcDateTime;
        var (tenant, campaign) = await host.LaunchableAsync("phone,first_name\n(201) 555-0111,Ann\n(201) 555-0112,Bob\n(415) 555-0113,Cy\n");
        using var _ = tenant;
        await (await tenant.Owner.PostJsonAsync($"/api/v1/campaigns/{campaign.Id}/launch", new { })).ReadAsync<ConvoMono.Features.Campaigns.CampaignDto>();

        // The inbox: one event waiting for 90 s after a failed attempt, one just in, one processed a minute ago, one
        // processed ten minutes ago, and one given up with an error that names a phone number.
        await using (var ctx = host.Services.GetRequiredService<TenantDbFactory>().Platform())
        {
            WebhookEvent Event(DateTime received, WebhookEventStatus status, DateTime? processed = null, int attempts = 0, string? error = null) => new()
            {
                Id = Guid.CreateVersion7(new DateTimeOffset(received)), Provider = "retell", EventType = "call_ended", DedupKey = Guid.NewGuid().ToString("N"),
                ProviderCallId = "call_health_" + Guid.NewGuid().ToString("N")[..8], Payload = "{}", Status = status, Attempts = attempts, ReceivedAt = received,
                NextAttemptAt = received.AddYears(10), ProcessedAt = processed, LastError = error,
            };
            ctx.WebhookEvents.AddRange(
                Event(now.AddSeconds(-90), WebhookEventStatus.Pending, attempts: 1, error: "TimeoutException: busy"),
                Event(now.AddSeconds(-1), WebhookEventStatus.Pending),
                Event(now.AddMinutes(-2), WebhookEventStatus.Processed, processed: now.AddMinutes(-1), attempts: 1),
                Event(now.AddMinutes(-11), WebhookEventStatus.Processed, processed: now.AddMinutes(-10), attempts: 1),
                Event(now.AddMinutes(-30), WebhookEventStatus.Failed, processed: now.AddMinutes(-3), attempts: 10,
                    error: "InvalidOperationException: lead +14155550123 has no campaign"));
            await ctx.SaveChangesAsync();
        }
        host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ConvoMono.Features.Launch.CallDispatcher")
            .LogWarning("Wave to {Phone} was refused", "+14155550177");

        using var admin = await host.AdminAsync();
        var health = await (await admin.GetAsync("/api/v1/admin/health")).ReadAsync<SystemHealthDto>();
        Assert.Equal(now, health.CheckedAt);
        Assert.Equal((2, 1, 90.0, 1, 1), (health.Webhooks.Pending, health.Webhooks.Retrying, health.Webhooks.OldestPendingSeconds!.Value,
            health.Webhooks.ProcessedLast5Minutes, health.Webhooks.Failed));
        var failure = Assert.Single(health.Webhooks.LastFailures);
        Assert.Equal((10, "InvalidOperationException: lead +1415•••0123 has no campaign"), (failure.Attempts, failure.Error));
        Assert.Equal(new DispatcherHealthDto(1, 0, 0, 3, 0), health.Dispatcher);
        Assert.Equal(("Simulator", true, 0, 1000), (health.Retell.Mode, health.Retell.Reachable, health.Retell.ConcurrencyInUse!.Value, health.Retell.ConcurrencyLimit!.Value));
        Assert.Equal((db == Db.Postgres ? "PostgreSQL" : "SQLite", true, 0), (health.Database.Provider, health.Database.Reachable, health.Database.PendingMigrations));
        // Degraded: an event failed for good, and the oldest waiting one is past a minute.
        Assert.Equal("degraded", health.Status);
        Assert.Equal(2, health.Problems.Count);
        var logged = Assert.Single(health.RecentErrors, e => e.Message.StartsWith("Wave to", StringComparison.Ordinal));
        Assert.Equal(("Warning", "ConvoMono.Features.Launch.CallDispatcher", "Wave to +1415•••0177 was refused"), (logged.Level, logged.Category, logged.Message));
        Assert.DoesNotContain(health.RecentErrors, e => e.Message.Contains("+14155550177", StringComparison.Ordinal));

        // One dispatcher pass: the leads become calls in progress.
        await host.Dispatcher.RunOnceAsync(default);
        health = await (await admin.GetAsync("/api/v1/admin/health")).ReadAsync<SystemHealthDto>();
        Assert.Equal((0L, 3), (health.Dispatcher.DueLeads, health.Dispatcher.LiveCalls));

        // Retell down: reported, not thrown.
        host.SimulatorState.FailRequestsContaining("get-concurrency", 50, 503);
        health = await (await admin.GetAsync("/api/v1/admin/health")).ReadAsync<SystemHealthDto>();
        Assert.False(health.Retell.Reachable);
        Assert.NotNull(health.Retell.Error);
        Assert.Contains("Retell cannot be reached.", health.Problems);
    }

    [Theory, ClassData(typeof(BothDatabases))]
    public async Task Health_is_for_the_operator_only(Db db)
    {
        var api = await apps.ApiAsync(db);
        using var tenant = await api.NewTenantAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await tenant.Owner.GetAsync("/api/v1/admin/health")).StatusCode);
        using var anonymous = api.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/admin/health")).StatusCode);
        using var admin = await api.AdminAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/admin/health")).StatusCode);
    }

    [Theory]
    [InlineData("Call to +14155550123 failed", "Call to +1415•••0123 failed")]
    [InlineData("UK +442079460118 and bare 4155550123.", "UK +4420•••0118 and bare 415•••0123.")]
    [InlineData("Attempt 3 at 1700000000", "Attempt 3 at 170•••0000")] // over-masks a long number: harmless
    [InlineData("No numbers here: 12345, +12.", "No numbers here: 12345, +12.")]
    public void Phone_numbers_in_messages_are_masked(string text, string masked) => Assert.Equal(masked, PhoneMask.Mask(text));
}

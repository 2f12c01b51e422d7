using System.Text.Json.Nodes;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Voice;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Campaigns;

/// <summary>Creates or updates the Retell LLM and agent a campaign owns. Failures are recorded on the campaign
/// (<c>sync_status: error</c> with Retell's message) rather than thrown, so a save never loses the client's edits.</summary>
public sealed class CampaignRetellSync(IDbContextFactory<AppDbContext> dbs, RetellClient retell, PublicUrl publicUrl, TimeProvider clock,
    ILogger<CampaignRetellSync> log)
{
    /// <summary>Retell refuses a max call duration under one minute; shorter campaign limits still bill by the campaign's own limit.</summary>
    public const int RetellMinCallMs = 60_000;

    public async Task SyncAsync(Guid campaignId, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == campaignId, ct);
        if (campaign is null) return;
        var version = campaign.ConfigVersion;
        var kbIds = await db.KnowledgeBases.AsNoTracking()
            .Where(k => campaign.KnowledgeBaseIds.Contains(k.Id) && k.RetellKnowledgeBaseId != null)
            .Select(k => k.RetellKnowledgeBaseId!).ToListAsync(ct);

        string? llmId = campaign.RetellLlmId, agentId = campaign.RetellAgentId;
        try
        {
            var llm = LlmRequest(campaign, kbIds);
            llmId = llmId is null ? (await retell.CreateLlmAsync(llm, ct)).LlmId : (await retell.UpdateLlmAsync(llmId, llm, ct)).LlmId;
            var agent = AgentRequest(campaign, llmId);
            agentId = agentId is null ? (await retell.CreateAgentAsync(agent, ct)).AgentId : (await retell.UpdateAgentAsync(agentId, agent, ct)).AgentId;
            campaign.SyncSucceeded(llmId, agentId, version, clock.GetUtcNow().UtcDateTime);
        }
        catch (Exception e) when (e is RetellApiException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            log.LogWarning("Syncing campaign {CampaignId} to Retell failed: {Message}", campaignId, e.Message);
            var message = e is RetellApiException r ? $"The voice provider answered {r.Status}: {r.RetellMessage}" : "The voice provider could not be reached: " + e.Message;
            campaign.SyncFailed(llmId, agentId, message, clock.GetUtcNow().UtcDateTime);
        }
        await db.SaveChangesAsync(CancellationToken.None); // record what exists at Retell even if the caller gave up
    }

    /// <summary>Removes the campaign's agent and LLM at Retell (a draft being deleted); already-gone copies are fine.</summary>
    public async Task DeleteAsync(string? agentId, string? llmId, CancellationToken ct)
    {
        try
        {
            if (agentId is not null) await retell.DeleteAgentAsync(agentId, ct);
            if (llmId is not null) await retell.DeleteLlmAsync(llmId, ct);
        }
        catch (RetellApiException e) when (e.IsNotFound) { }
        catch (Exception e) when (e is RetellApiException or HttpRequestException)
        {
            // The draft is gone for the client either way; an orphaned agent costs nothing until it is called.
            log.LogWarning("Deleting Retell agent {AgentId} / LLM {LlmId} failed: {Message}", agentId, llmId, e.Message);
        }
    }

    internal static RetellLlmRequest LlmRequest(Campaign c, IReadOnlyList<string> retellKnowledgeBaseIds) => new()
    {
        GeneralPrompt = c.GeneralPrompt,
        BeginMessage = c.BeginMessage,
        StartSpeaker = "agent",
        KnowledgeBaseIds = retellKnowledgeBaseIds,
        DefaultDynamicVariables = c.DefaultVariables.Count > 0 ? c.DefaultVariables : null,
    };

    internal RetellAgentRequest AgentRequest(Campaign c, string llmId) => new()
    {
        ResponseEngine = new RetellResponseEngine { LlmId = llmId },
        AgentName = c.Name,
        VoiceId = c.VoiceId,
        Language = c.Language,
        VoiceSpeed = c.VoiceSpeed,
        VoiceTemperature = c.VoiceTemperature,
        Responsiveness = c.Responsiveness,
        InterruptionSensitivity = c.InterruptionSensitivity,
        EnableBackchannel = c.EnableBackchannel,
        AmbientSound = c.AmbientSound,
        MaxCallDurationMs = Math.Max(RetellMinCallMs, c.MaxCallDurationSeconds * 1000),
        WebhookUrl = publicUrl.Value + "/webhooks/retell",
        VoicemailOption = c.VoicemailAction == VoicemailAction.LeaveMessage
            ? new JsonObject { ["action"] = new JsonObject { ["type"] = "static_text", ["text"] = c.VoicemailMessage } }
            : new JsonObject { ["action"] = new JsonObject { ["type"] = "hangup" } },
        PostCallAnalysisData = AnalysisData(c),
    };

    /// <summary>The analysis fields the dialer reads: conversion, and a request not to be called again (the number goes on
    /// the client's do-not-call list).</summary>
    public const string ConvertedField = "converted", DoNotCallField = "do_not_call";

    internal static List<JsonObject> AnalysisData(Campaign c)
    {
        var items = new List<JsonObject>
        {
            new()
            {
                ["type"] = "boolean", ["name"] = "converted",
                ["description"] = c.SuccessCriteria ?? "True when the person agreed to what the call was about.",
            },
            new()
            {
                ["type"] = "boolean", ["name"] = DoNotCallField,
                ["description"] = "True when the person asked not to be called again.",
            },
        };
        foreach (var f in c.AnalysisFields)
        {
            var item = new JsonObject { ["type"] = f.Type, ["name"] = f.Name, ["description"] = f.Description };
            if (f.Choices is { Count: > 0 } choices) item["choices"] = new JsonArray(choices.Select(x => (JsonNode)x!).ToArray());
            items.Add(item);
        }
        return items;
    }
}

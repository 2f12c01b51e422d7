using ConvoMono.Features.Calls;
using ConvoMono.Features.Calls.Admin;

namespace ConvoMono.Tests.Features.Calls;

/// <summary>Pure rules of the call views: transcript turns, profit, API names, how durations and money read.</summary>
public sealed class CallFormattingTests
{
    [Fact]
    public void A_transcript_reads_as_turns_of_agent_and_contact_and_unlabelled_lines_continue_a_turn()
    {
        var turns = TranscriptTurns.Parse("Agent: Hi Ann.\r\nUser: Who is this?\nSorry, bad line.\n\nAgent:Sam, from Sunny.\n");
        Assert.Equal(
        [
            new TranscriptTurn(TranscriptSpeaker.Agent, "Hi Ann."),
            new TranscriptTurn(TranscriptSpeaker.Contact, "Who is this?\nSorry, bad line."),
            new TranscriptTurn(TranscriptSpeaker.Agent, "Sam, from Sunny."),
        ], turns);
        Assert.Empty(TranscriptTurns.Parse(null));
        Assert.Empty(TranscriptTurns.Parse("  \n "));
        Assert.Equal([new TranscriptTurn(TranscriptSpeaker.Other, "(silence)")], TranscriptTurns.Parse("(silence)"));
    }

    [Fact]
    public void Profit_is_billed_minus_Retell_cost_only_when_both_are_known_and_in_US_dollars()
    {
        Assert.Equal(0.3575m, CallProfit.Of("USD", 0.50m, 0.1425m));
        Assert.Equal(-0.0425m, CallProfit.Of("USD", 0m, 0.0425m)); // a call Retell charges for and the client does not pay
        Assert.Null(CallProfit.Of("EUR", 0.50m, 0.1425m));
        Assert.Null(CallProfit.Of("USD", null, 0.1425m));
        Assert.Null(CallProfit.Of("USD", 0.50m, null));
    }

    [Fact]
    public void Statuses_and_outcomes_use_the_API_names_both_ways()
    {
        Assert.Equal("no_answer", CallNames.Of(CallOutcome.NoAnswer));
        Assert.Equal(CallOutcome.NotConverted, CallNames.Parse<CallOutcome>("not_converted"));
        Assert.Equal(CallStatus.Analyzed, CallNames.Parse<CallStatus>("analyzed"));
        Assert.Null(CallNames.Parse<CallOutcome>("NoAnswer"));
        Assert.Null(CallNames.Parse<CallStatus>(null));
        Assert.Equal(["dispatching", "queued", "registered", "ongoing", "ended", "analyzed"], Enum.GetValues<CallStatus>().Select(CallNames.Of));
        var attribute = new CallNameAttribute(typeof(CallOutcome));
        Assert.True(attribute.IsValid(null));
        Assert.True(attribute.IsValid("voicemail"));
        Assert.False(attribute.IsValid("Voicemail"));
        Assert.Equal("The outcome must be one of: converted, not_converted, no_answer, busy, voicemail, failed.", attribute.FormatErrorMessage("Outcome"));
    }

    [Fact]
    public void Durations_money_and_field_names_read_for_people()
    {
        Assert.Equal(("—", "0:00", "1:35", "1:02:03"), (CallFormat.Duration(null), CallFormat.Duration(0), CallFormat.Duration(95), CallFormat.Duration(3723)));
        Assert.Equal(("0.50 USD", "120 JPY", "1,234.50 EUR", "—"),
            (CallFormat.Money(0.5m, "USD"), CallFormat.Money(120m, "JPY"), CallFormat.Money(1234.5m, "EUR"), CallFormat.Money(null, "USD")));
        Assert.Equal(("0.1425 USD", "0.00 USD", "0.000123 USD"), (CallFormat.Cost(0.1425m, "USD"), CallFormat.Cost(0m, "USD"), CallFormat.Cost(0.000123m, "USD")));
        Assert.Equal(("2 min", "1.5 min", "not billed yet"), (CallFormat.BilledMinutes(120), CallFormat.BilledMinutes(90), CallFormat.BilledMinutes(null)));
        Assert.Equal("Visit date", CallFormat.FieldName("visit_date"));
        Assert.Equal(("The contact hung up", "Ended by an error at the voice provider", "some new reason"),
            (CallFormat.Ending("user_hangup"), CallFormat.Ending("error_retell"), CallFormat.Ending("some_new_reason")));
    }
}

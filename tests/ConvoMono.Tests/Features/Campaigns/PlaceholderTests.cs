using ConvoMono.Features.Campaigns;

namespace ConvoMono.Tests.Features.Campaigns;

public sealed class PlaceholderTests
{
    [Fact]
    public void Placeholders_are_found_once_in_order_of_first_use_without_Retell_system_variables()
    {
        var found = Placeholders.Find("Hi {{ first_name }}, {{company}} {{first_name}} {{current_time_Europe/Paris}} {{current_time}}",
            "{{call_id}} {{deal_size}} {not_one} {{ 9bad }} {{a-b}}", null);
        Assert.Equal(["first_name", "company", "deal_size"], found);
    }

    [Fact]
    public void Filling_replaces_known_values_and_leaves_unknown_placeholders_visible()
    {
        var text = Placeholders.Fill("Hi {{first_name}}, about {{ product }} at {{company}}",
            new Dictionary<string, string> { ["first_name"] = "Ada", ["product"] = "solar", ["company"] = "" });
        Assert.Equal("Hi Ada, about solar at {{company}}", text);
    }
}

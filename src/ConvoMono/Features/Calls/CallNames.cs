using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace ConvoMono.Features.Calls;

/// <summary>The API's names for call statuses and outcomes (<c>no_answer</c>, <c>analyzed</c>): the same snake_case the
/// JSON enum converter writes, so a filter takes exactly what a response shows.</summary>
public static class CallNames
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static TEnum? Parse<TEnum>(string? name) where TEnum : struct, Enum =>
        name is null ? null : Enum.GetValues<TEnum>().Cast<TEnum?>().FirstOrDefault(v => Of(v!.Value) == name);
}

/// <summary>A query value that must be the API name of one of <paramref name="enumType"/>'s values (or absent).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class CallNameAttribute(Type enumType) : ValidationAttribute
{
    private readonly string[] _names = Enum.GetNames(enumType).Select(JsonNamingPolicy.SnakeCaseLower.ConvertName).ToArray();

    public override bool IsValid(object? value) => value is null || value is string s && _names.Contains(s);

    public override string FormatErrorMessage(string name) =>
        $"The {JsonNamingPolicy.SnakeCaseLower.ConvertName(name)} must be one of: {string.Join(", ", _names)}.";
}

using System.Text;

namespace ConvoMono.Features.Leads;

/// <summary>CSV headers as dynamic-variable names (<c>First Name</c> → <c>first_name</c>) and the phone column found by name.</summary>
public static class ColumnNames
{
    private static readonly string[] PhoneNames =
    [
        "phone", "phone_number", "phonenumber", "mobile", "mobile_phone", "mobile_number", "cell", "cell_phone", "cellphone",
        "telephone", "telephone_number", "tel", "number", "contact_number", "contact_phone", "primary_phone", "work_phone",
        "home_phone", "msisdn", "whatsapp", "phone_no", "tel_no",
    ];

    public static string ToSnakeCase(string header, int index)
    {
        var builder = new StringBuilder(header.Length + 4);
        var text = header.Trim().TrimStart('\uFEFF');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c))
            {
                // camelCase and PascalCase split into words: firstName → first_name
                if (char.IsUpper(c) && i > 0 && (char.IsLower(text[i - 1]) || (i + 1 < text.Length && char.IsLower(text[i + 1]) && char.IsUpper(text[i - 1])))
                    && builder.Length > 0 && builder[^1] != '_')
                    builder.Append('_');
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (builder.Length > 0 && builder[^1] != '_') builder.Append('_');
        }
        var name = builder.ToString().Trim('_');
        if (name.Length == 0) return $"column_{index + 1}";
        return char.IsDigit(name[0]) ? "col_" + name : name;
    }

    /// <summary>Snake-case names for all headers, made unique (<c>name</c>, <c>name_2</c>, ...).</summary>
    public static List<string> Normalize(IReadOnlyList<string> headers)
    {
        var names = new List<string>(headers.Count);
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < headers.Count; i++)
        {
            var name = ToSnakeCase(headers[i], i);
            var unique = name;
            for (var n = 2; !used.Add(unique); n++) unique = $"{name}_{n}";
            names.Add(unique);
        }
        return names;
    }

    /// <summary>The index of the phone column: the one asked for (by header or its snake_case name), else the best match by name.</summary>
    public static int? FindPhone(IReadOnlyList<string> headers, IReadOnlyList<string> names, string? requested)
    {
        if (!string.IsNullOrWhiteSpace(requested))
        {
            var wanted = requested.Trim();
            for (var i = 0; i < headers.Count; i++)
                if (string.Equals(headers[i].Trim(), wanted, StringComparison.OrdinalIgnoreCase) || names[i] == ToSnakeCase(wanted, i)) return i;
            return null;
        }
        foreach (var candidate in PhoneNames)
        {
            var index = names.ToList().IndexOf(candidate);
            if (index >= 0) return index;
        }
        for (var i = 0; i < names.Count; i++)
            if (names[i].Contains("phone") || names[i].Contains("mobile") || names[i].Contains("cell")) return i;
        return null;
    }
}

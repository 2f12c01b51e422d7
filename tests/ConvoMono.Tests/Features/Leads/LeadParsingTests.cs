using ConvoMono.Features.Leads;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Phones;

namespace ConvoMono.Tests.Features.Leads;

public sealed class LeadParsingTests
{
    [Theory]
    [InlineData("(201) 555-0123", "US", "+12015550123")]
    [InlineData("201.555.0124", "US", "+12015550124")]
    [InlineData("+1 201 555 0125", "US", "+12015550125")]
    [InlineData("1-201-555-0126", "US", "+12015550126")]
    [InlineData("020 7946 0958", "GB", "+442079460958")]
    [InlineData("07911 123456", "GB", "+447911123456")]
    [InlineData("+44 20 7946 0958", "US", "+442079460958")]
    [InlineData("030 901820", "DE", "+4930901820")]
    [InlineData("0151 23456789", "DE", "+4915123456789")]
    [InlineData("+49 30 901820", "GB", "+4930901820")]
    public void Common_formats_become_E164(string raw, string country, string expected) =>
        Assert.Equal(expected, PhoneNormalizer.Normalize(raw, country).E164);

    [Theory]
    [InlineData("12345")]
    [InlineData("call me")]
    [InlineData("+1 900 555 0199")] // premium rate
    [InlineData("555-0100")]
    public void Uncallable_or_invalid_numbers_are_refused_with_a_reason(string raw)
    {
        var result = PhoneNormalizer.Normalize(raw, "US");
        Assert.False(result.IsValid);
        Assert.False(string.IsNullOrEmpty(result.Error));
    }

    [Fact]
    public void Numbers_map_to_their_time_zones_and_keys_are_their_digits()
    {
        var sf = PhoneNormalizer.Normalize("+1 415 555 0100", "US");
        Assert.Contains("America/Los_Angeles", PhoneNormalizer.TimeZonesFor(sf.Parsed!));
        Assert.Equal(["Europe/London"], PhoneNormalizer.TimeZonesFor(PhoneNormalizer.Normalize("020 7946 0958", "GB").Parsed!));
        Assert.Equal(14155550100L, PhoneNormalizer.Key("+14155550100"));
    }

    [Theory]
    [InlineData("First Name", "first_name")]
    [InlineData("firstName", "first_name")]
    [InlineData("  E-mail Address ", "e_mail_address")]
    [InlineData("ZIP/Postal code", "zip_postal_code")]
    [InlineData("URLPath", "url_path")]
    [InlineData("2nd phone", "col_2nd_phone")]
    [InlineData("***", "column_4")]
    public void Headers_become_snake_case_variable_names(string header, string expected) =>
        Assert.Equal(expected, ColumnNames.ToSnakeCase(header, 3));

    [Fact]
    public void Duplicate_names_are_numbered_and_the_phone_column_is_found_by_name()
    {
        var headers = new[] { "Name", "name", "Company", "Mobile Number" };
        var names = ColumnNames.Normalize(headers);
        Assert.Equal(["name", "name_2", "company", "mobile_number"], names);
        Assert.Equal(3, ColumnNames.FindPhone(headers, names, null));
        Assert.Equal(2, ColumnNames.FindPhone(headers, names, "company"));
        Assert.Null(ColumnNames.FindPhone(headers, names, "fax"));
        Assert.Null(ColumnNames.FindPhone(["a", "b"], ["a", "b"], null));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+1 555", "'+1 555")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    public void Rejected_csv_cells_are_escaped_against_formulas(string value, string expected) =>
        Assert.Equal(expected, RejectedRowsWriter.Cell(value));

    [Fact]
    public void Encodings_are_taken_by_BOM_and_anything_else_is_refused()
    {
        Assert.Equal("utf-8", CsvFileCheck.EncodingOf("phone\n1"u8).WebName);
        Assert.Equal("utf-8", CsvFileCheck.EncodingOf([0xEF, 0xBB, 0xBF, .. "phone\n1"u8]).WebName);
        Assert.Equal("utf-16", CsvFileCheck.EncodingOf([0xFF, 0xFE, (byte)'p', 0]).WebName);
        Assert.Equal("utf-16BE", CsvFileCheck.EncodingOf([0xFE, 0xFF, 0, (byte)'p']).WebName);
        Assert.Equal("leads.unsupported_encoding", Assert.Throws<DomainException>(() => CsvFileCheck.EncodingOf([.. "name\nJos"u8, 0xE9, (byte)'\n'])).Code);
        Assert.Equal("leads.not_csv", Assert.Throws<DomainException>(() => CsvFileCheck.EncodingOf([.. "PK"u8, 3, 4, 0, 0])).Code);
        Assert.Equal("leads.not_csv", Assert.Throws<DomainException>(() => CsvFileCheck.EncodingOf([(byte)'a', 0, (byte)'b', 0])).Code);
        Assert.Equal("leads.empty_file", Assert.Throws<DomainException>(() => CsvFileCheck.EncodingOf([])).Code);
        Assert.Equal("leads.empty_file", Assert.Throws<DomainException>(() => CsvFileCheck.EncodingOf(" \r\n"u8)).Code);
        // A multi-byte character cut by the end of the sniffed block is not an encoding error.
        var block = "phone\n"u8.ToArray().Concat(Enumerable.Repeat((byte)'a', CsvFileCheck.SniffBytes - 7)).Append((byte)0xC3).ToArray();
        Assert.Equal("utf-8", CsvFileCheck.EncodingOf(block).WebName);
        // A first line that fills the whole sniffed block is no header.
        Assert.Equal("leads.header_too_long", Assert.Throws<DomainException>(() => CsvFileCheck.EncodingOf(Enumerable.Repeat((byte)'a', CsvFileCheck.SniffBytes).ToArray())).Code);
    }
}

public sealed class PhoneFastPathTests
{
    /// <summary>The importer's fast path must give exactly what libphonenumber's parser gives, valid or not.</summary>
    [Theory]
    [InlineData("US")]
    [InlineData("CA")]
    [InlineData("GB")]
    [InlineData("DE")]
    [InlineData("FR")]
    [InlineData("IT")]
    [InlineData("AU")]
    [InlineData("IN")]
    [InlineData("BR")]
    [InlineData("NL")]
    public void The_fast_path_agrees_with_the_full_parser(string region)
    {
        var random = new Random(region.GetHashCode(StringComparison.Ordinal) & 0xFFFF);
        var example = ConvoMono.Infrastructure.Phones.PhoneNormalizer.NormalizeWithParser(
            global::PhoneNumbers.PhoneNumberUtil.GetInstance().Format(global::PhoneNumbers.PhoneNumberUtil.GetInstance().GetExampleNumber(region),
                global::PhoneNumbers.PhoneNumberFormat.E164), region);
        Assert.True(example.IsValid, $"example number for {region}");
        var disagreements = new List<string>();
        for (var i = 0; i < 4_000; i++)
        {
            var digits = string.Concat(Enumerable.Range(0, random.Next(6, 13)).Select(_ => (char)('0' + random.Next(10))));
            if (i % 3 == 0) digits = example.E164![(1 + example.Parsed!.CountryCode.ToString().Length)..^3] + digits[..3];
            var raw = (i % 6) switch
            {
                0 => digits,
                1 => "0" + digits,
                2 => "+" + example.Parsed!.CountryCode + " " + digits,
                3 => "(" + digits[..3] + ") " + digits[3..],
                4 => "1-" + digits[..3] + "-" + digits[3..],
                _ => digits[..2] + "." + digits[2..] + " ",
            };
            var fast = ConvoMono.Infrastructure.Phones.PhoneNormalizer.Normalize(raw, region);
            var full = ConvoMono.Infrastructure.Phones.PhoneNormalizer.NormalizeWithParser(raw, region);
            if (fast.E164 != full.E164) disagreements.Add($"{raw}: fast {fast.E164 ?? fast.Error}, parser {full.E164 ?? full.Error}");
        }
        Assert.Empty(disagreements.Take(10));
    }
}

using System.ComponentModel.DataAnnotations;

namespace ConvoMono.Features.Leads;

/// <summary>The choices of the import dialog; the API takes the same two as the form fields <c>phone_column</c> and <c>default_country</c>.</summary>
public sealed class ImportLeadsForm
{
    [Required(ErrorMessage = "Choose the column that holds the phone numbers.")]
    [Display(Name = "Phone column")]
    public string? PhoneColumn { get; set; }

    [Display(Name = "Default country"), RegularExpression("^[A-Za-z]{2}$", ErrorMessage = "Use a two-letter ISO country code, e.g. US.")]
    public string? DefaultCountry { get; set; }
}

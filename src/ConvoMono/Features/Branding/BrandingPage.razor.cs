using ConvoMono.Components.Shared;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace ConvoMono.Features.Branding;

public sealed partial class BrandingPage
{
    [Inject] private BrandingService Branding { get; set; } = default!;
    [Inject] private TenantContext Actor { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private UpdateBrandingRequest _model = new();
    private EditContext _context = default!;
    private ServerErrors _errors = default!;
    private BrandingDto? _brand;
    private byte[]? _logo;
    private string? _preview;
    private string? _logoError;
    private bool _busy;

    private string ValidColor => PlatformBranding.IsHexColor(_model.PrimaryColor) ? _model.PrimaryColor : PlatformBranding.DefaultColor;
    // _logo: null keeps the saved logo, empty removes it at save, bytes replace it at save.
    private bool ShowsOwnLogo => _logo is { Length: > 0 } || (_logo is null && _brand?.HasLogo == true);
    private string PreviewLogo => _preview ?? (ShowsOwnLogo ? _brand!.LogoUrl : BrandingDto.DefaultLogoUrlFor(ValidColor));

    protected override async Task OnInitializedAsync()
    {
        _brand = await Branding.GetAsync();
        _model = new UpdateBrandingRequest { PlatformName = _brand.PlatformName, PrimaryColor = _brand.PrimaryColor };
        _context = new EditContext(_model);
        _errors = new ServerErrors(_context);
    }

    // Checked when chosen, so a refused file never replaces the preview or reaches a save; the save checks again.
    private async Task LogoChosenAsync(IBrowserFile? file)
    {
        _logoError = null;
        if (file is null) return;
        if (file.Size > PlatformBranding.MaxLogoBytes)
        {
            _logoError = $"{file.Name} was not used: the logo must be at most {PlatformBranding.MaxLogoBytes / 1024} KB.";
            return;
        }
        using var stream = new MemoryStream();
        await file.OpenReadStream(PlatformBranding.MaxLogoBytes).CopyToAsync(stream);
        var bytes = stream.ToArray();
        if (PlatformBranding.ImageTypeOf(bytes) is not { } type)
        {
            _logoError = $"{file.Name} was not used: the logo must be a PNG, JPEG, GIF or WebP image.";
            return;
        }
        _logo = bytes;
        _preview = $"data:{type};base64,{Convert.ToBase64String(bytes)}";
    }

    private void RemoveLogo()
    {
        _logo = [];
        _preview = null;
        _logoError = null;
    }

    private async Task SaveAsync()
    {
        _busy = true;
        try
        {
            _brand = await Branding.UpdateAsync(Actor, _model.PlatformName, _model.PrimaryColor, _logo, default);
            _logo = null;
            _preview = null;
            _logoError = null;
            Snackbar.Add("Branding saved.", Severity.Success);
        }
        catch (DomainException e)
        {
            if (!_errors.TryShow(e)) Snackbar.Add(e.Message, Severity.Error);
        }
        finally { _busy = false; }
    }
}

using System.Text.Json;
using ConvoMono.Infrastructure.Errors;
using Microsoft.AspNetCore.Components.Forms;

namespace ConvoMono.Components.Shared;

/// <summary>Shows a handler's <see cref="DomainException"/> next to its field in an <see cref="EditForm"/>, the way the
/// API reports it in <c>errors</c>; returns false when the error has no field on this form (show it in a snackbar).</summary>
public sealed class ServerErrors(EditContext context)
{
    private readonly ValidationMessageStore _store = new(context);

    public bool TryShow(DomainException error)
    {
        _store.Clear();
        if (error.Field is null) return false;
        var property = context.Model.GetType().GetProperties()
            .FirstOrDefault(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name) == error.Field);
        if (property is null) return false;
        _store.Add(new FieldIdentifier(context.Model, property.Name), error.Message);
        context.NotifyValidationStateChanged();
        return true;
    }

    public void Clear()
    {
        _store.Clear();
        context.NotifyValidationStateChanged();
    }
}

using System.Text.Json;
using ConvoMono.Infrastructure.Errors;
using Microsoft.AspNetCore.Components.Forms;

namespace ConvoMono.Components.Shared;

/// <summary>Shows a handler's <see cref="DomainException"/> next to its field in an <see cref="EditForm"/>, the way the
/// API reports it in <c>errors</c>; returns false when the error has no field on this form (show it in a snackbar).</summary>
public sealed class ServerErrors
{
    private readonly EditContext _context;
    private readonly ValidationMessageStore _store;

    public ServerErrors(EditContext context)
    {
        _context = context;
        _store = new ValidationMessageStore(context);
        // A server's verdict is about the values it was sent: editing the field or submitting again drops it. Kept, it
        // would leave the form invalid for good, and its submit button would do nothing.
        context.OnFieldChanged += (_, e) => Drop(e.FieldIdentifier);
        context.OnValidationRequested += (_, _) => Clear();
    }

    private void Drop(FieldIdentifier field)
    {
        _store.Clear(field);
        _context.NotifyValidationStateChanged();
    }

    public bool TryShow(DomainException error)
    {
        _store.Clear();
        if (error.Field is null) return false;
        var property = _context.Model.GetType().GetProperties()
            .FirstOrDefault(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name) == error.Field);
        if (property is null) return false;
        _store.Add(new FieldIdentifier(_context.Model, property.Name), error.Message);
        _context.NotifyValidationStateChanged();
        return true;
    }

    public void Clear()
    {
        _store.Clear();
        _context.NotifyValidationStateChanged();
    }
}

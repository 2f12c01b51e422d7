namespace ConvoMono.Infrastructure.Errors;

/// <summary>A business rule refused the operation. <paramref name="code"/> is stable and lower_snake, prefixed by
/// feature (<c>credits.insufficient</c>); the API answers it as 422 (or <paramref name="status"/>).</summary>
public sealed class DomainException(string code, string message, int status = StatusCodes.Status422UnprocessableEntity, string? field = null)
    : Exception(message)
{
    public string Code { get; } = code;
    public int Status { get; } = status;
    public string? Field { get; } = field;
}

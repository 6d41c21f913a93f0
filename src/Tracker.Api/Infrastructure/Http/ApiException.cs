namespace Tracker.Api.Infrastructure.Http;

/// <summary>
/// Thrown for any client error; the error middleware turns it into the error envelope. Endpoints, binders and
/// filters all report failures this way, so there is one error path.
/// </summary>
public sealed class ApiException(int status, string message, IReadOnlyDictionary<string, string[]>? errors = null)
    : Exception(message)
{
    public int Status { get; } = status;
    public IReadOnlyDictionary<string, string[]>? Errors { get; } = errors;

    public static ApiException NotFound(string what) => new(StatusCodes.Status404NotFound, $"{what} not found");
    public static ApiException Forbidden(string message = "You do not have permission to perform this action") =>
        new(StatusCodes.Status403Forbidden, message);
    /// <summary>Business-rule failure (already tracking, not pending…): the contract answers 400.</summary>
    public static ApiException BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);
    /// <summary>Lost a race with a concurrent change, or an idempotency key reused with another body.</summary>
    public static ApiException Conflict(string message) => new(StatusCodes.Status409Conflict, message);
    public static ApiException Invalid(string field, string message) =>
        new(StatusCodes.Status422UnprocessableEntity, message, new Dictionary<string, string[]> { [field] = [message] });
}

namespace Tracker.Client;

/// <summary>
/// A response other than 2xx, read from the error envelope <c>{success:false, message, errors?, meta}</c>:
/// <see cref="Status"/> is the HTTP status, <see cref="Errors"/> the per-field messages of a 422 (empty otherwise).
/// </summary>
public sealed class TrackerApiException(int status, string message, IReadOnlyDictionary<string, string[]> errors)
    : Exception(message)
{
    /// <summary>The HTTP status code.</summary>
    public int Status { get; } = status;
    /// <summary>Field name → messages, from the envelope's <c>errors</c>.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

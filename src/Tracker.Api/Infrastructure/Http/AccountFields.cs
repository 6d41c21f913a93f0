
namespace Tracker.Api.Infrastructure.Http;

/// <summary>Checks of the account fields the HTML forms take; each answers the message to show, or null.</summary>
public static class AccountFields
{
    public static string? TextError(string label, string? value, int maxLength) =>
        string.IsNullOrWhiteSpace(value) ? $"{label} is required."
        : value.Trim().Length > maxLength ? $"{label} must not be longer than {maxLength} characters."
        : value.Any(char.IsControl) ? $"{label} must not contain control characters."
        : null;

    public static string? NameError(string label, string? value) => TextError(label, value, 100);

    public static string? EmailError(string? value) =>
        TextError("Email", value, 254) ?? (Validator.IsEmail(value!.Trim()) ? null : "Enter a valid email address.");

    public static string? TimeZoneError(string? value) =>
        string.IsNullOrWhiteSpace(value) || TimeZones.IsValid(value.Trim()) ? null : "Time zone must be a valid IANA time zone, such as Europe/Berlin.";
}

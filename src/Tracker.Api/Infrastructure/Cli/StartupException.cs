namespace Tracker.Api.Infrastructure.Cli;

/// <summary>
/// A configuration mistake found before the server touches its database: Program prints the message, one line
/// naming the setting, on standard error and exits with <see cref="ExitCode"/>. Never a stack trace: the mistake is
/// the operator's, not the code's.
/// </summary>
public sealed class StartupException(string message) : Exception(message)
{
    public const int ExitCode = 1;
}

namespace Tracker.Cli;

// A named class, not top-level statements: the test project references both this and the server, and two global
// `Program` types would collide there.
internal static class Program
{
    private static Task<int> Main(string[] args) => TrackerCli.RunAsync(args, CliContext.ForProcess());
}

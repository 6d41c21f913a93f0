using Tracker.Cli;

return await TrackerCli.RunAsync(args, CliContext.ForProcess());

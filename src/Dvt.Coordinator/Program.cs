using Dvt.Coordinator.Cli;

return await DvtCommandLine.RunAsync(args).ConfigureAwait(false);

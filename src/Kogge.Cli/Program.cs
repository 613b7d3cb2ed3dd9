using Kogge.Cli;

return await KoggeCli.RunAsync(args, Console.Out, Console.Error, Console.In);

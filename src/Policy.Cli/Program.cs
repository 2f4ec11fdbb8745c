using Policy.Cli;
using Policy.Core.Packs;

// policy: pack authors and CI lint, test and diff packs, check drafts and run corpora from the
// shell, with the engine and pack loader the API uses; push and activate for GitOps.
return Cli.Run(args, Console.Out, Console.Error, Console.In);

namespace Policy.Cli
{
    internal static class Cli
    {
        public static int Run(string[] args, TextWriter output, TextWriter error, TextReader input)
        {
            var (command, rest) = args.Length == 0 ? (string.Empty, Array.Empty<string>()) : (args[0], args[1..]);
            try
            {
                return command switch
                {
                    "lint" => LintCommand.Run(rest, output, error),
                    "test" => TestCommand.Run(rest, output, error),
                    "check" => CheckCommand.Run(rest, output, error, input),
                    "diff" => DiffCommand.Run(rest, output, error),
                    "push" => ServerCommands.Push(rest, output, error),
                    "activate" => ServerCommands.Activate(rest, output, error),
                    "eval" => EvalCommand.Run(rest, output, error),
                    "train" => TrainCommand.Run(rest, output, error),
                    "--version" => Version(output),
                    "help" when rest.Length == 1 => Run([rest[0], "--help"], output, error, input),
                    "help" or "--help" or "-h" => Usage.Print(output, ExitCodes.Clean),
                    _ => Unknown(command, error),
                };
            }
            catch (UsageException ex)
            {
                error.WriteLine($"policy {command}: {ex.Message}");
                error.WriteLine($"run 'policy {command} --help' for the options");
                return ExitCodes.Error;
            }
            catch (PackLoadException ex)
            {
                foreach (var e in ex.Errors)
                {
                    error.WriteLine(e);
                }

                error.WriteLine($"policy {command}: the pack does not load; 'policy lint' shows every problem");
                return ExitCodes.Error;
            }
        }

        private static int Version(TextWriter output)
        {
            output.WriteLine("policy " + Sarif.ToolVersion());
            return ExitCodes.Clean;
        }

        private static int Unknown(string command, TextWriter error)
        {
            if (command.Length > 0)
            {
                error.WriteLine($"policy: unknown command '{command}'");
            }

            return Usage.Print(error, ExitCodes.Error);
        }
    }
}

using Policy.Cli;

// policy eval | train: pack authors and CI run the engine on labelled corpora from the shell.
return args switch
{
    ["eval", .. var rest] => EvalCommand.Run(rest, Console.Out),
    ["train", .. var rest] => TrainCommand.Run(rest, Console.Out),
    _ => Usage.Print(Console.Error),
};

namespace Policy.Cli;

internal static class Usage
{
    public static int Print(TextWriter output)
    {
        output.WriteLine("""
            policy eval [--packs DIR] [--pack ID] [--misses] CORPUS.jsonl ...
                Runs labelled posts through the engine as the API would and prints in-band share, recall and
                precision per category, the clean false-alarm rate and a confusion table; --misses lists the
                posts out of band (never use it on held-out parts while tuning).
            policy train [--packs DIR] [--pack ID] [--version V] [--write] CORPUS.jsonl ...
                Trains the pack's model block from labelled posts (fixed seed), prints the cross-validated
                threshold per head, and with --write replaces the 'model:' block of the pack file.
            """);
        return 2;
    }
}

namespace Policy.Cli;

internal static class Usage
{
    public static int Print(TextWriter output, int exitCode)
    {
        output.WriteLine("""
            policy: write, test and ship policy packs; check drafts from the shell and in CI.

              policy lint PACK…                 load and compile packs, warn about likely mistakes
              policy test PACK… [--corpus F]    run the packs' examples and a labelled corpus (JUnit XML with --junit)
              policy check TEXT | --file F      check a draft: text, JSON or SARIF 2.1.0
              policy diff OLD NEW [--corpus F]  what changed between two versions, and which decisions move
              policy push PACK --server URL     upload a version (key from POLICY_API_KEY)
              policy activate PACK --server URL make it the version that checks drafts
              policy eval CORPUS.jsonl…         figures of a pack on labelled corpora (docs/detection.md)
              policy train CORPUS.jsonl…        retrain a pack's model block

            'policy COMMAND --help' describes each command and its options.
            Exit codes: 0 clean, 1 findings at or above --fail-on (failing examples, lint errors, refused
            by the server), 2 usage error, a pack or file that does not load, a server that cannot be used.
            """);
        return exitCode;
    }
}

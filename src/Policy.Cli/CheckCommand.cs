using System.Text.Json;
using Policy.Core.Checking;
using Policy.Core.Decision;
using Policy.Core.Model;

namespace Policy.Cli;

/// <summary>
/// <c>policy check</c>: one draft through the engine as the API checks it, answered as text, JSON
/// or SARIF 2.1.0. Evidence is masked by the engine; the draft itself is never printed.
/// </summary>
internal static class CheckCommand
{
    public const string Help = """
        policy check [--pack P] [--packs DIR] [--account private|corporate] [--handle @NAME] [--complaint]
                     [--spokesperson] [--lang auto|de|en] [--format text|json|sarif] [--fail-on LEVEL]
                     TEXT | --file F
            Checks one draft and prints the decision and each finding: rule, guideline section, where
            (line:column), masked evidence, message and suggestion.
            --pack       a pack file, or the id of a pack in --packs DIR or shipped with the tool
                         (default: social-media-guideline)
            --account    the account the draft goes to (default private); --handle its handle
            --complaint  the draft answers a complaint
            --spokesperson  the author may speak for the company on every topic of the pack
            --file F     read the draft from a file ('-' for standard input) instead of TEXT
            --format     text (default), json (the API's answer plus line and column of each finding),
                         sarif (SARIF 2.1.0: one result per finding, its span as the region)
            --fail-on    info, warn (default), review, block or never
            Exit code: 0 decision below --fail-on, 1 at or above it, 2 usage or load error.
        """;

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error, TextReader input)
    {
        var a = Arguments.Parse(
            args,
            ["--pack", "--packs", "--account", "--handle", "--lang", "--format", "--fail-on", "--file"],
            ["--complaint", "--spokesperson"]);
        if (a.Help)
        {
            output.WriteLine(Help);
            return ExitCodes.Clean;
        }

        var format = a.Choice("--format", "text", "text", "json", "sarif");
        var failOnName = a.Choice("--fail-on", "warn", "info", "warn", "review", "block", "never");
        var account = a.Choice("--account", "private", "private", "corporate") == "corporate" ? AccountKind.Corporate : AccountKind.Private;
        var language = a.Choice("--lang", "auto", "auto", "de", "en");
        var file = a.Value("--file");
        string text;
        if (file is not null)
        {
            if (a.Positional.Count > 0)
            {
                throw new UsageException("give the draft either as TEXT or with --file, not both");
            }

            text = file == "-" ? input.ReadToEnd() : File.Exists(file) ? PackSet.ReadText(file) : throw new UsageException($"--file: no file '{file}'");
        }
        else
        {
            text = a.Positional.Count == 1 ? a.Positional[0]
                : a.Positional.Count == 0 ? throw new UsageException("give the draft as TEXT (quoted) or with --file F")
                : throw new UsageException($"give the draft as one argument (quote it); got {a.Positional.Count}");
        }

        var loaded = PackSet.For(a.Value("--packs")).LoadOne(a.Value("--pack") ?? PackSet.DefaultPackId);
        var pack = loaded.Pack;
        var grants = a.Flag("--spokesperson")
            ? pack.Topics.Select(t => t.Id).Append(Policy.Core.Checking.Topics.General).Append(Policy.Core.Checking.Topics.Crisis)
                .Distinct(StringComparer.Ordinal).Select(t => new SpokespersonGrant(t, [])).ToList()
            : [];
        var author = new Author("cli", grants.Count > 0 ? ["employee", "spokesperson"] : ["employee"], grants);
        var request = new CheckRequest(text, language, account, a.Value("--handle"), a.Flag("--complaint"), [], author);
        var result = CheckEngine.Check(pack, request);
        var lines = new LineIndex(text);
        var artifact = file is null or "-" ? "draft.txt" : file;

        switch (format)
        {
            case "json":
                output.WriteLine(JsonSerializer.Serialize(
                    new
                    {
                        decision = result.Decision.ToWire(),
                        findings = result.Findings.Select(f => new
                        {
                            ruleId = f.RuleId,
                            category = f.Category,
                            severity = f.Severity.ToWire(),
                            section = new { id = f.Section.Id, title = f.Section.Title.In(result.Language) },
                            span = new { start = f.Start, length = f.Length },
                            location = new { line = lines.Line(f.Start), column = lines.Column(f.Start) },
                            evidence = f.Evidence,
                            message = f.Message,
                            suggestion = f.Suggestion,
                            insert = f.Insert,
                        }),
                        pack = new { id = pack.Id, version = pack.Version, sha256 = pack.Sha256 },
                        language = result.Language,
                    },
                    CliJson.Options));
                break;
            case "sarif":
                output.WriteLine(Sarif.Log(pack, result, lines, artifact).ToJsonString(CliJson.Options));
                break;
            default:
                output.WriteLine($"decision: {result.Decision.ToWire()} ({pack.Id} {pack.Version})");
                foreach (var f in result.Findings)
                {
                    output.WriteLine($"{artifact}:{lines.Line(f.Start)}:{lines.Column(f.Start)}: {f.Severity.ToWire()}: {f.RuleId} [{f.Category}] §{f.Section.Id} {f.Section.Title.In(result.Language)}");
                    if (f.Evidence.Length > 0)
                    {
                        output.WriteLine($"    evidence: {f.Evidence}");
                    }

                    output.WriteLine($"    {f.Message}");
                    if (f.Suggestion.Length > 0)
                    {
                        output.WriteLine($"    → {f.Suggestion}");
                    }
                }

                break;
        }

        var failed = failOnName != "never" && SeverityNames.TryParse(failOnName, out var failOn) && result.Decision >= failOn;
        return failed ? ExitCodes.Findings : ExitCodes.Clean;
    }
}

/// <summary>Line and column (1-based, in UTF-16 code units as SARIF's utf16CodeUnits counts them) of an offset.</summary>
internal sealed class LineIndex
{
    private readonly List<int> _starts = [0];

    public LineIndex(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                _starts.Add(i + 1);
            }
        }
    }

    public int Line(int offset)
    {
        var i = _starts.BinarySearch(offset);
        return (i >= 0 ? i : ~i - 1) + 1;
    }

    public int Column(int offset) => offset - _starts[Line(offset) - 1] + 1;
}

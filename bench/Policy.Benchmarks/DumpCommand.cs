using System.Globalization;
using System.Text;
using Policy.Core.Decision;
using Policy.Core.Evaluation;
using Policy.Core.Model;
using Policy.Core.Normalize;

namespace Policy.Benchmarks;

/// <summary>
/// dump OUT.txt: everything the engine decides and computes on its way, for a fixed set of drafts,
/// so that a change meant to keep the engine's behaviour can be proved to keep it: run the dump with
/// the build before and after and compare the files (<c>cmp</c>). Per draft the decision, language and
/// every finding in full, the normalized and cleaned texts with a checksum over both offset maps,
/// every term set's hits and the trained layer's logits as bit patterns. The drafts: every post of
/// tests/corpus except the held-out parts (as the corpus request and as a private request), the generated bench corpus and
/// random strings built from evasion pieces. Only for comparing builds: the file holds the drafts.
/// </summary>
internal static class DumpCommand
{
    private const int RandomDrafts = 30_000;

    private static readonly string[] Pieces =
    [
        "a", "b", "e", "i", "o", "0", "1", "3", "4", "7", " ", "  ", "-", ".", "_", "@", ":", "/", "ä", "ö", "ü", "ß", "Ä", "É", "é",
        "ﬁ", "1\u20E3", "\uFE0F", "\u200B", "😀", "🇩🇪", "📈", "🤫", "–", "’", "\"", "\n", "\t", "A", "Z", "x", "k", "s", "w",
        "DE89 3704 0044 0532 0130 00", "4111 1111 1111 1111", "+49 89 1234567", "max@firma.de", "Musterstraße 12", "vertraulich",
        "v3rtr4ul1ch", "password=", "passwort: ", "ghp_", "AKIA", "Code ", "PIN 4711", "Zugang", "c o d e", "s e c r e t", "Q3",
        "Zahlen", "intern", "€", "%", "WIR", "we", "ich", "nicht", "Konkurrenzprodukt", "1.000.000", "10.0.0.1", "http://bit.ly/x",
        "hxxp", "[.]", "ǅ", "İ", "ﬀ", "\u0301", "𝐀", "Ａ", "ｂ",
    ];

    public static int Run(string[] args)
    {
        if (args.Length != 1)
        {
            Console.Error.WriteLine("usage: dump OUT.txt");
            return 2;
        }

        var pack = BenchPacks.Default();
        var requests = new List<(string Tag, CheckRequest Request)>();
        foreach (var file in Directory.GetFiles(Path.Combine(BenchPacks.RepoRoot, "tests", "corpus"), "*.jsonl").Order(StringComparer.Ordinal))
        {
            // Held-out parts stay unread until the end of a round; a dump holds every post's text
            // and a cmp or diff of two dumps would show it.
            if (Path.GetFileName(file).StartsWith("heldout-", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var post in CorpusPost.Load(file, CorpusLimits.Unbounded, requireLabels: false))
            {
                var tag = Path.GetFileName(file) + ":" + post.Id;
                requests.Add((tag, post.ToRequest(pack)));
                requests.Add((tag + ":private", CheckRequest.Private(post.Text)));
            }
        }

        var generated = CorpusGenerator.Posts(20_000);
        for (var i = 0; i < generated.Count; i++)
        {
            requests.Add(("generated:" + i.ToString(CultureInfo.InvariantCulture), CheckRequest.Private(generated[i])));
        }

        var rng = new Rng(0xD0_4D_2026UL);
        for (var i = 0; i < RandomDrafts; i++)
        {
            var draft = new StringBuilder();
            var pieces = rng.Next(1, 61);
            for (var k = 0; k < pieces; k++)
            {
                draft.Append(Pieces[rng.Next(0, Pieces.Length)]);
            }

            requests.Add(("random:" + i.ToString(CultureInfo.InvariantCulture), CheckRequest.Private(draft.ToString())));
        }

        using var w = new StreamWriter(args[0], append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        foreach (var (tag, request) in requests)
        {
            Write(w, pack, tag, request);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dumped {requests.Count:N0} drafts to {args[0]}"));
        return 0;
    }

    private static void Write(StreamWriter w, Policy.Core.Packs.CompiledPack pack, string tag, CheckRequest request)
    {
        var normalized = Normalizer.Normalize(request.Text);
        var result = CheckEngine.Check(pack, request);
        w.WriteLine(string.Join('\t', tag, result.Decision, result.Language, Escape(normalized.Text)));
        var cleaned = Normalizer.Clean(request.Text);
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  maps {MapChecksum(normalized)} {MapChecksum(cleaned)} {Escape(cleaned.Text)}"));

        var hits = pack.Terms.Scan(normalized.Text);
        var line = new StringBuilder("  hits");
        for (var set = 0; set < pack.Terms.SetCount; set++)
        {
            foreach (var hit in hits.Of(set))
            {
                line.Append(CultureInfo.InvariantCulture, $" {set}:{hit.Start},{hit.Length},{hit.Term}");
            }
        }

        w.WriteLine(line.ToString());
        if (pack.Model is { } model)
        {
            var logits = model.Score(normalized.Text, request).Logits;
            w.WriteLine("  logits " + string.Join(' ', logits.Select(l => BitConverter.SingleToInt32Bits(l).ToString("x8", CultureInfo.InvariantCulture))));
        }

        foreach (var f in result.Findings)
        {
            w.WriteLine(string.Join(
                '|',
                "  finding " + f.RuleId,
                f.Category,
                f.Severity,
                f.Section.Id,
                f.Start.ToString(CultureInfo.InvariantCulture),
                f.Length.ToString(CultureInfo.InvariantCulture),
                Escape(f.Evidence),
                Escape(f.Message),
                Escape(f.Suggestion),
                Escape(f.Insert ?? "-"),
                f.Kind,
                f.Attachment?.ToString(CultureInfo.InvariantCulture) ?? "-",
                f.Box?.ToString() ?? "-"));
        }
    }

    /// <summary>Every character's original range, folded into one number.</summary>
    private static long MapChecksum(NormalizedText text)
    {
        long h = 17;
        for (var i = 0; i < text.Text.Length; i++)
        {
            var (start, length) = text.ToOriginal(i, 1);
            h = unchecked((h * 31) + (start * 7) + length);
        }

        var (s0, l0) = text.ToOriginal(0, text.Text.Length);
        var (s1, l1) = text.ToOriginal(text.Text.Length, 0);
        return unchecked((h * 31) + s0 + l0 + (s1 * 3) + l1);
    }

    private static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);
}

using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text;
using Policy.Core.Checking;
using Policy.Core.Decision;
using Policy.Core.Model;
using Policy.Core.Packs;

namespace Policy.Core.Tests.Labelled;

/// <summary>
/// The labelled suite: hand-labelled drafts (posts.jsonl beside this file) checked against the packs
/// in policies/. Each line gives the draft and its context, the expected decision, the expected
/// categories and, per category, a substring of the draft that a finding of that category must cover.
/// <para>
/// Which findings count: the expected categories are those of findings with severity warn or higher.
/// Info findings are hints (criticism of the employer, a location in the text, a missing alt text)
/// that never hold a post back; they show up only in the expected decision ("info").
/// </para>
/// <para>
/// An empty span substring ("") marks a finding about an attachment: attachment findings carry no
/// text span, so the line requires a finding of that category with an empty span instead.
/// </para>
/// </summary>
public sealed partial class LabelledPostsTests
{
    private const string BasePack = "social-media-guideline";

    private static readonly string[] Categories =
        ["credential", "confidential", "insider", "pii", "disclaimer", "comparative", "tone", "spokesperson", "location", "link", "media"];

    private static readonly Lazy<PackLibrary> Library = new(() => PackLibrary.LoadDirectory(RepoPaths.Policies));

    private static readonly Lazy<IReadOnlyList<LabelledPost>> Posts = new(LabelledPost.LoadAll);

    public static TheoryData<string> PostIds()
    {
        var data = new TheoryData<string>();
        foreach (var post in Posts.Value)
        {
            data.Add(post.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PostIds))]
    public void Post_is_checked_as_labelled(string id)
    {
        var post = Posts.Value.Single(p => p.Id == id);
        var result = Check(post);
        var problems = Problems(post, result);
        if (post.KnownGap is { } gap)
        {
            // Reported, not hidden: the skip names the gap, and says so once the engine no longer has it.
            Assert.Skip(problems.Count == 0
                ? $"known gap no longer reproduces, remove the knownGap marker: {gap}"
                : $"known engine gap: {gap} ({string.Join("; ", problems)})");
        }

        Assert.True(problems.Count == 0, $"{post.Id}: {post.Text}\n  " + string.Join("\n  ", problems) + "\n" + Describe(post, result));
    }

    [Fact]
    public void Suite_is_large_and_covers_every_category_in_both_languages()
    {
        var posts = Posts.Value;
        Assert.True(posts.Count >= 180, $"only {posts.Count} labelled posts");
        Assert.Equal(posts.Count, posts.Select(p => p.Id).Distinct(StringComparer.Ordinal).Count());
        foreach (var category in Categories)
        {
            Assert.True(posts.Count(p => p.Categories.Contains(category)) >= 3, $"fewer than 3 posts expect category {category}");
        }

        Assert.True(posts.Count(p => p.Expected == Severity.Allow) >= 40, "too few clean posts");
        Assert.True(posts.Count(p => LanguageGuess.Guess(Policy.Core.Normalize.Normalizer.Normalize(p.Text).Text) == "en") >= 40, "too few English posts");
        Assert.True(posts.Count(p => p.Pack != BasePack) >= 20, "too few company-pack posts");
        Assert.True(posts.Count(p => p.KnownGap is not null) <= 5, "more than a handful of known gaps");
    }

    [Fact]
    public void Precision_and_recall_per_category()
    {
        var counts = Categories.ToDictionary(c => c, _ => (Tp: 0, Fp: 0, Fn: 0), StringComparer.Ordinal);
        var decisions = 0;
        foreach (var post in Posts.Value)
        {
            var result = Check(post);
            if (result.Decision == post.Expected)
            {
                decisions++;
            }

            var actual = CountedCategories(result);
            foreach (var category in actual.Union(post.Categories))
            {
                var c = counts.TryGetValue(category, out var v) ? v : (Tp: 0, Fp: 0, Fn: 0);
                var expected = post.Categories.Contains(category);
                var found = actual.Contains(category);
                counts[category] = (c.Tp + (expected && found ? 1 : 0), c.Fp + (!expected && found ? 1 : 0), c.Fn + (expected && !found ? 1 : 0));
            }
        }

        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"labelled posts: {Posts.Value.Count}, decision correct: {decisions}");
        table.AppendLine("| category | expected | tp | fp | fn | precision | recall |");
        table.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (category, c) in counts.OrderBy(kv => Array.IndexOf(Categories, kv.Key)))
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"| {category} | {c.Tp + c.Fn} | {c.Tp} | {c.Fp} | {c.Fn} | {Ratio(c.Tp, c.Tp + c.Fp)} | {Ratio(c.Tp, c.Tp + c.Fn)} |");
        }

        TestContext.Current.TestOutputHelper?.WriteLine(table.ToString());
        Assert.All(Categories, c => Assert.True(counts[c].Tp + counts[c].Fn > 0, $"no post expects {c}"));
    }

    private static string Ratio(int a, int b) => b == 0 ? "–" : ((double)a / b).ToString("0.000", CultureInfo.InvariantCulture);

    private static CheckResult Check(LabelledPost post)
    {
        var packs = Library.Value.Packs;
        Assert.True(packs.ContainsKey(post.Pack), $"{post.Id}: no pack '{post.Pack}'");
        return CheckEngine.Check(packs[post.Pack], post.Request);
    }

    private static HashSet<string> CountedCategories(CheckResult result) =>
        result.Findings.Where(f => f.Severity >= Severity.Warn).Select(f => f.Category).ToHashSet(StringComparer.Ordinal);

    /// <summary>The highest decision the labelling policy (docs/detection.md) accepts for a category.</summary>
    private static Severity Highest(string category) => category is "disclaimer" or "media" ? Severity.Review : Severity.Block;

    /// <summary>
    /// The band a post's decision must lie in: from the labelled decision up to the highest the
    /// labelling policy accepts for its categories (a marked secret labelled "review" here may be
    /// blocked); a harmless post stays at or below its label and never above info.
    /// </summary>
    private static Severity Ceiling(LabelledPost post) =>
        post.Categories.Count == 0 ? (Severity)Math.Min((int)post.Expected, (int)Severity.Info) : post.Categories.Max(Highest);

    private static List<string> Problems(LabelledPost post, CheckResult result)
    {
        var problems = new List<string>();
        var ceiling = (Severity)Math.Max((int)Ceiling(post), (int)post.Expected);
        if (result.Decision < post.Expected || result.Decision > ceiling)
        {
            problems.Add($"decision: expected {post.Expected.ToWire()}..{ceiling.ToWire()}, got {result.Decision.ToWire()}");
        }

        var actual = CountedCategories(result);
        // A violation may be found under a further category too (an insider leak is also confidential);
        // a harmless post may not.
        if (post.Categories.Count == 0 ? actual.Count > 0 : !post.Categories.All(actual.Contains))
        {
            problems.Add($"categories (warn or higher): expected [{string.Join(", ", post.Categories.Order(StringComparer.Ordinal))}], got [{string.Join(", ", actual.Order(StringComparer.Ordinal))}]");
        }

        foreach (var (category, span) in post.Spans)
        {
            var ofCategory = result.Findings.Where(f => f.Category == category).ToList();
            if (span.Length == 0)
            {
                if (!ofCategory.Exists(f => f.Length == 0))
                {
                    problems.Add($"no attachment finding (empty span) of category {category}");
                }

                continue;
            }

            var at = post.Text.IndexOf(span, StringComparison.Ordinal);
            if (at < 0)
            {
                problems.Add($"span '{span}' of {category} is not in the text (bad label)");
            }
            else if (!ofCategory.Exists(f => f.Start <= at && at + span.Length <= f.Start + f.Length))
            {
                problems.Add($"'{span}' is not covered by a finding of category {category}");
            }
        }

        foreach (var leak in Leaks(post, result))
        {
            problems.Add(leak);
        }

        return problems;
    }

    /// <summary>No finding may repeat a secret or personal datum of the draft in full.</summary>
    private static IEnumerable<string> Leaks(LabelledPost post, CheckResult result)
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in result.Findings.Where(f => f.Category is "pii" or "credential" && f.Length > 0))
        {
            values.Add(post.Text.Substring(f.Start, f.Length).Trim());
        }

        foreach (var (category, span) in post.Spans)
        {
            if (category is "pii" or "credential")
            {
                values.Add(span.Trim());
            }
        }

        foreach (System.Text.RegularExpressions.Match m in SensitiveLooking().Matches(post.Text))
        {
            values.Add(m.Value);
        }

        // Short words ("Burnout", "Ihre Kundennummer") are context, not data; data has digits or an @.
        var data = values
            .Where(v => v.Length >= 6 && v.Any(c => char.IsDigit(c) || c == '@'))
            .Select(v => (Value: v, Compact: Compact(v)))
            .ToList();
        foreach (var f in result.Findings)
        {
            foreach (var shown in new[] { f.Evidence, f.Message, f.Suggestion, f.Insert ?? string.Empty })
            {
                foreach (var (value, compact) in data)
                {
                    if (shown.Contains(value, StringComparison.Ordinal) || (compact.Length >= 8 && Compact(shown).Contains(compact, StringComparison.Ordinal)))
                    {
                        yield return $"finding {f.RuleId} shows '{value}' in full: '{shown}'";
                    }
                }
            }
        }
    }

    private static string Compact(string s) => new([.. s.Where(char.IsLetterOrDigit)]);

    /// <summary>Mail addresses, IBAN-like and long digit groups, whether or not a rule reported them.</summary>
    [GeneratedRegex(@"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b|\b\d(?:[ -]?\d){11,18}\b")]
    private static partial Regex SensitiveLooking();

    private static string Describe(LabelledPost post, CheckResult result)
    {
        var sb = new StringBuilder("  findings:");
        foreach (var f in result.Findings)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\n    {f.Severity.ToWire()} {f.RuleId} [{f.Category}] '{post.Text.Substring(f.Start, f.Length)}'");
        }

        return sb.ToString();
    }

    /// <summary>One line of posts.jsonl.</summary>
    private sealed record LabelledPost(
        int Line,
        string Id,
        string Pack,
        string Text,
        CheckRequest Request,
        Severity Expected,
        IReadOnlySet<string> Categories,
        IReadOnlyDictionary<string, string> Spans,
        string? KnownGap)
    {
        public static IReadOnlyList<LabelledPost> LoadAll()
        {
            var file = Path.Combine(RepoPaths.Root, "tests", "Policy.Core.Tests", "Labelled", "posts.jsonl");
            var posts = new List<LabelledPost>();
            var lineNumber = 0;
            foreach (var line in File.ReadLines(file))
            {
                lineNumber++;
                if (line.Trim().Length == 0)
                {
                    continue;
                }

                try
                {
                    posts.Add(Parse(lineNumber, line));
                }
                catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
                {
                    throw new InvalidDataException($"posts.jsonl line {lineNumber}: {ex.Message}", ex);
                }
            }

            return posts;
        }

        private static LabelledPost Parse(int lineNumber, string line)
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var id = root.GetProperty("id").GetString()!;
            var text = root.GetProperty("text").GetString()!;
            var pack = root.TryGetProperty("pack", out var p) ? p.GetString()! : BasePack;
            var expect = root.GetProperty("expect").GetString();
            if (!SeverityNames.TryParse(expect, out var expected))
            {
                throw new FormatException($"expect '{expect}' is not a decision");
            }

            var ctx = root.GetProperty("context");
            var account = ctx.GetProperty("account").GetString() switch
            {
                "private" => AccountKind.Private,
                "corporate" => AccountKind.Corporate,
                var a => throw new FormatException($"account '{a}'"),
            };
            var reply = ctx.TryGetProperty("replyToComplaint", out var r) && r.GetBoolean();
            var attachments = new List<Attachment>();
            if (ctx.TryGetProperty("attachments", out var atts))
            {
                foreach (var a in atts.EnumerateArray())
                {
                    attachments.Add(new Attachment(
                        a.GetProperty("fileName").GetString()!,
                        a.GetProperty("mediaType").GetString()!,
                        a.TryGetProperty("altText", out var alt) ? alt.GetString() : null,
                        a.TryGetProperty("license", out var lic) ? lic.GetString() switch
                        {
                            "own" => MediaLicense.Own,
                            "licensed" => MediaLicense.Licensed,
                            "unknown" => MediaLicense.Unknown,
                            var l => throw new FormatException($"license '{l}'"),
                        } : MediaLicense.Unknown,
                        a.TryGetProperty("gps", out var gps)
                            ? new GeoPoint(
                                double.Parse(gps.GetProperty("lat").GetString()!, CultureInfo.InvariantCulture),
                                double.Parse(gps.GetProperty("lon").GetString()!, CultureInfo.InvariantCulture))
                            : null));
                }
            }

            var categories = root.GetProperty("categories").EnumerateArray().Select(c => c.GetString()!).ToHashSet(StringComparer.Ordinal);
            var spans = root.GetProperty("spans").EnumerateObject().ToDictionary(s => s.Name, s => s.Value.GetString()!, StringComparer.Ordinal);
            if (!categories.SetEquals(spans.Keys))
            {
                throw new FormatException($"{id}: every expected category needs exactly one span entry");
            }

            var language = root.TryGetProperty("language", out var lang) ? lang.GetString()! : "auto";
            var request = new CheckRequest(text, language, account, null, reply, attachments, Author.Employee("labelled-" + id));
            return new LabelledPost(
                lineNumber,
                id,
                pack,
                text,
                request,
                expected,
                categories,
                spans,
                root.TryGetProperty("knownGap", out var g) ? g.GetString() : null);
        }
    }
}

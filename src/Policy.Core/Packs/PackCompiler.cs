using System.Security.Cryptography;
using System.Text;
using Policy.Core.Checking;
using Policy.Core.Decision;
using Policy.Core.Match;
using Policy.Core.Model;
using Policy.Core.Rules;
using YamlDotNet.RepresentationModel;

namespace Policy.Core.Packs;

/// <summary>
/// Turns a parsed pack (and the base guideline it extends) into a <see cref="CompiledPack"/>.
/// Collects every error it can find, so HR fixes a pack in one round, not one error at a time.
/// </summary>
public static class PackCompiler
{
    /// <summary>How many bases a pack may stand on (a company pack on a guideline is one).</summary>
    public const int MaxBases = 4;

    /// <param name="resolve">Finds a pack named in <c>extends</c>; null if there is none.</param>
    public static CompiledPack Compile(PackSource source, Func<string, PackSource?> resolve, PackLimits? limits = null) =>
        CompileCancellable(source, resolve, limits, CancellationToken.None);

    /// <summary><see cref="Compile"/> for a caller that can give up: <paramref name="ct"/> is checked
    /// between rules (the request was aborted or the server stops).</summary>
    public static CompiledPack CompileCancellable(PackSource source, Func<string, PackSource?> resolve, PackLimits? limits, CancellationToken ct)
    {
        limits ??= PackLimits.Default;
        var chain = new List<PackSource> { source };
        for (var current = source; current.Extends is { } baseId;)
        {
            var next = resolve(baseId);
            if (next is null)
            {
                throw new PackLoadException(new PackError(current.File, 1, 1, null, $"extends '{baseId}', but no such pack is loaded"));
            }

            if (chain.Any(p => p.Id == next.Id) || chain.Count > MaxBases)
            {
                throw new PackLoadException(new PackError(current.File, 1, 1, null, $"extends chain through '{baseId}' is circular or deeper than {MaxBases}"));
            }

            chain.Add(next);
            current = next;
        }

        chain.Reverse(); // base guideline first, this pack last

        var lists = chain.Select(p => p.Lists).Aggregate((a, b) => a.Merge(b));
        var sections = new List<Section>();
        foreach (var section in chain.SelectMany(p => p.Sections))
        {
            // A company pack may reword a base section by giving the same id.
            var at = sections.FindIndex(s => s.Id == section.Id);
            if (at >= 0)
            {
                sections[at] = section;
            }
            else
            {
                sections.Add(section);
            }
        }

        // One trained layer for the whole chain: the most specific pack's that has one.
        var model = chain.LastOrDefault(p => p.Model is not null)?.Model;

        var errors = new List<PackError>();
        var rules = new List<Rule>();
        var ruleIds = new Dictionary<string, PackSource>(StringComparer.Ordinal);

        // Rules that failed to compile: their error is the root; overrides and examples naming them
        // add no follow-on error each.
        var brokenRules = new HashSet<string>(StringComparer.Ordinal);
        var budget = new TermBudget(limits.MaxTermsPerPack);

        // The near words of list values' contexts are terms of the pack too (one set per distinct context).
        var nearWords = lists.Contexts.Values.SelectMany(v => v.Values).Distinct(ReferenceEqualityComparer.Instance).Sum(c => ((Match.TermContext)c!).Near.Count);
        if (!budget.TryTake(nearWords))
        {
            throw new PackLoadException(new PackError(source.File, 1, 1, null, $"the contexts of the list values of this pack and its bases hold {nearWords} near words, more than the pack's {limits.MaxTermsPerPack} terms"));
        }
        foreach (var pack in chain)
        {
            var compiler = new RuleCompiler(pack.Nodes, sections, lists, limits, budget, model);
            foreach (var node in pack.Rules)
            {
                ct.ThrowIfCancellationRequested();
                try
                {
                    var rule = compiler.Compile(node);
                    if (!ruleIds.TryAdd(rule.Id, pack))
                    {
                        throw pack.Nodes.Error(node, $"rule id '{rule.Id}' is used twice (change a base rule with 'overrides')");
                    }

                    rules.Add(rule);
                }
                catch (PackLoadException ex)
                {
                    errors.AddRange(ex.Errors);
                    if (pack.Nodes.RuleId is { } broken)
                    {
                        brokenRules.Add(broken);
                    }
                }
                finally
                {
                    pack.Nodes.RuleId = null;
                }
            }
        }

        // Topics: a company pack adds terms to a base topic or adds topics of its own.
        var topics = new List<Topic>();
        foreach (var pack in chain)
        {
            var compiler = new RuleCompiler(pack.Nodes, sections, lists, limits, budget, model);
            foreach (var (id, node) in pack.Topics)
            {
                try
                {
                    var terms = compiler.Topic(node, id);
                    var at = topics.FindIndex(t => t.Id == id);
                    if (at < 0 && YamlNodes.DidYouMean(id, topics.Select(t => t.Id).Append(Topics.General)) is { Length: > 0 } near)
                    {
                        // A new topic this close to an existing one is a misspelling ("produkte:"): it
                        // would make a topic of its own that no grant names, and the base topic would
                        // not get the terms.
                        throw pack.Nodes.Error(node, $"topic '{id}' is new, but no pack of the chain has it, and its name is close to one that has{near} (to add terms to a base topic, name it exactly)");
                    }

                    if (at >= 0)
                    {
                        topics[at] = new Topic(id, new TermSet([.. topics[at].Terms.Terms, .. terms.Terms]));
                    }
                    else
                    {
                        topics.Add(new Topic(id, terms));
                    }
                }
                catch (PackLoadException ex)
                {
                    errors.AddRange(ex.Errors);
                }
            }
        }

        if (!rules.Exists(UsesTopics) && brokenRules.Count == 0 && chain.SelectMany(p => p.Topics.Select(t => (p, t.Node))).FirstOrDefault() is ({ } owner, { } first))
        {
            errors.Add(new PackError(owner.File, (int)first.Start.Line, (int)first.Start.Column, null,
                "topics are defined, but no rule uses them: they decide 'spokesperson' and 'crisisTeam' conditions and fill {topics} and {spokespeople} in messages; add such a rule or remove 'topics'"));
        }

        foreach (var pack in chain)
        {
            var compiler = new RuleCompiler(pack.Nodes, sections, lists, limits, budget, model);
            foreach (var (node, ruleId, keys) in pack.Overrides)
            {
                var at = rules.FindIndex(r => r.Id == ruleId);
                if (at < 0)
                {
                    if (!brokenRules.Contains(ruleId))
                    {
                        errors.Add(new PackError(pack.File, (int)node.Start.Line, (int)node.Start.Column, ruleId,
                            "override names a rule that does not exist" + YamlNodes.DidYouMean(ruleId, rules.Select(r => r.Id))));
                    }

                    continue;
                }

                if (YamlNodes.Get(keys, "enabled") is { } enabled && !pack.Nodes.Bool(enabled, "enabled"))
                {
                    rules.RemoveAt(at);
                    continue;
                }

                try
                {
                    pack.Nodes.RuleId = ruleId;
                    rules[at] = compiler.Override(rules[at], keys);
                }
                catch (PackLoadException ex)
                {
                    errors.AddRange(ex.Errors);
                }
                finally
                {
                    pack.Nodes.RuleId = null;
                }
            }
        }

        if (OwnAddresses(lists, sections, limits) is { } own)
        {
            rules.Add(own);
        }

        var examples = new List<PackExample>();
        foreach (var node in source.Examples)
        {
            try
            {
                examples.Add(ParseExample(source.Nodes, node, rules, brokenRules));
            }
            catch (PackLoadException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }

        if (errors.Count > 0)
        {
            throw new PackLoadException(errors);
        }

        var sha = chain.Count == 1
            ? source.Sha256
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(string.Join("\n", chain.Select(p => p.Sha256)))));

        return new CompiledPack(
            source.Id,
            source.Version,
            source.Title,
            source.Languages,
            sha,
            sections,
            rules,
            lists,
            examples,
            [.. chain.Select(p => p.Id)],
            topics,
            model);
    }

    /// <summary>Id of the allowlist the company's own mail domains and accounts become.</summary>
    public const string OwnAddressesRule = "lists.own-addresses";

    /// <summary>
    /// The company's own mail domains and account handles are not personal data: an address at
    /// <c>acme.de</c> (or a subdomain) and a mention of <c>@acme</c> are no <c>pii</c> finding. An
    /// allowlist like a pack's own, so the decision stage drops only findings that lie entirely inside
    /// (<c>x@acme.de.evil.example</c> stays a finding). Null when the lists are empty.
    /// </summary>
    private static AllowlistRule? OwnAddresses(PackLists lists, IReadOnlyList<Section> sections, PackLimits limits)
    {
        var domains = lists["mailDomains"];
        var handles = lists.Terms("corporateAccounts");
        if (domains.Count == 0 && handles.Count == 0)
        {
            return null;
        }

        var patterns = domains.Count == 0
            ? []
            : new[]
            {
                new System.Text.RegularExpressions.Regex(
                    @"[a-z0-9._%+\-]+@(?:[a-z0-9\-]+\.)*(?:" + string.Join('|', domains.Select(d => System.Text.RegularExpressions.Regex.Escape(Normalize.Normalizer.NormalizeTerm(d)))) + @")\b",
                    System.Text.RegularExpressions.RegexOptions.NonBacktracking | System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.IgnoreCase,
                    limits.RegexTimeout),
            };
        var section = sections.Count > 0 ? sections[0] : new Section("lists", new LocalizedText("Listen", "Lists"), LocalizedText.Empty);
        return new AllowlistRule
        {
            Header = new RuleHeader(OwnAddressesRule, "allowlist", "pii", Severity.Info, section, LocalizedText.Empty, LocalizedText.Empty, Conditions.Always),
            Values = new TermSet([.. handles.Select(Normalize.Normalizer.NormalizeTerm).Where(h => h.Length > 0).Select(h => new Match.TermSpec(h, Match.TermMode.Word, Match.TermDefaults.NoEndings))]),
            Patterns = patterns,
            AppliesTo = ["pii"],
            Keywords = patterns.Length > 0 ? new TermSet([new Match.TermSpec("@", Match.TermMode.Substring, Match.TermDefaults.NoEndings)]) : null,
        };
    }

    /// <summary>Whether a rule reads the topics a draft touches.</summary>
    private static bool UsesTopics(Rule rule) =>
        rule.When.Any.Any(c => c.Spokesperson is not null || c.CrisisTeam is not null)
        || new[] { rule.Message.De, rule.Message.En, rule.Suggestion.De, rule.Suggestion.En }
            .Any(t => t.Contains("{topics}", StringComparison.Ordinal) || t.Contains("{spokespeople}", StringComparison.Ordinal));

    private static readonly string[] ExampleKeys =
        ["text", "language", "account", "handle", "replyToComplaint", "attachments", "author", "crisis", "expect", "rules", "notRules", "note"];

    private static PackExample ParseExample(YamlNodes y, YamlNode node, List<Rule> rules, HashSet<string> brokenRules)
    {
        var e = y.Keys(node, ExampleKeys, "an example");
        var text = y.String(y.Required(e, "text", node, "an example"), "text");
        var account = AccountKind.Private;
        if (YamlNodes.Get(e, "account") is { } acc)
        {
            account = y.String(acc, "account") switch
            {
                "private" => AccountKind.Private,
                "corporate" => AccountKind.Corporate,
                var v => throw y.Error(acc, $"account must be private or corporate, not '{v}'"),
            };
        }

        var expectNode = y.Required(e, "expect", node, "an example");
        var expect = y.String(expectNode, "expect");
        if (!SeverityNames.TryParse(expect, out var expected))
        {
            throw y.Error(expectNode, $"expect must be allow, info, warn, review or block, not '{expect}'");
        }

        var author = Author.Employee("example");
        if (YamlNodes.Get(e, "author") is { } authorNode)
        {
            var a = y.Keys(authorNode, ["roles", "spokesperson"], "author");
            author = new Author(
                "example",
                YamlNodes.Get(a, "roles") is { } r ? y.Strings(r, "roles", 10) : ["employee"],
                YamlNodes.Get(a, "spokesperson") is { } sp ? ParseGrants(y, sp) : []);
        }

        var attachments = new List<Attachment>();
        if (YamlNodes.Get(e, "attachments") is { } attNode)
        {
            foreach (var an in y.Sequence(attNode, "attachments", 20))
            {
                attachments.Add(ParseAttachment(y, an));
            }
        }

        var expectedRules = YamlNodes.Get(e, "rules") is { } rn ? y.Strings(rn, "rules", 100) : [];
        var forbiddenRules = YamlNodes.Get(e, "notRules") is { } nr ? y.Strings(nr, "notRules", 100) : [];
        foreach (var id in expectedRules.Concat(forbiddenRules))
        {
            if (!rules.Exists(r => r.Id == id) && !brokenRules.Contains(id))
            {
                throw y.Error(node, $"example names rule '{id}', which the pack does not have{YamlNodes.DidYouMean(id, rules.Select(r => r.Id))}");
            }
        }

        var language = YamlNodes.Get(e, "language") is { } l ? y.String(l, "language") : "auto";
        var request = new CheckRequest(
            text,
            language,
            account,
            YamlNodes.Get(e, "handle") is { } h ? y.String(h, "handle") : null,
            YamlNodes.Get(e, "replyToComplaint") is { } rc && y.Bool(rc, "replyToComplaint"),
            attachments,
            author)
        {
            CrisisMode = YamlNodes.Get(e, "crisis") is { } crisis && y.Bool(crisis, "crisis"),
        };
        return new PackExample((int)node.Start.Line, request, expected, expectedRules, forbiddenRules);
    }

    /// <summary>Grants as topics ("[finance, products]": every channel) or {topic, channels} mappings.</summary>
    private static List<SpokespersonGrant> ParseGrants(YamlNodes y, YamlNode node)
    {
        if (node is YamlScalarNode)
        {
            return [new SpokespersonGrant(y.NonEmpty(node, "spokesperson"), [])];
        }

        var grants = new List<SpokespersonGrant>();
        foreach (var item in y.Sequence(node, "spokesperson", 20))
        {
            if (item is YamlScalarNode)
            {
                grants.Add(new SpokespersonGrant(y.NonEmpty(item, "topic"), []));
                continue;
            }

            var g = y.Keys(item, ["topic", "channels"], "a spokesperson grant");
            grants.Add(new SpokespersonGrant(
                y.NonEmpty(y.Required(g, "topic", item, "a spokesperson grant"), "topic"),
                YamlNodes.Get(g, "channels") is { } ch ? y.Strings(ch, "channels", 20) : []));
        }

        return grants;
    }

    private static double Coordinate(YamlNodes y, YamlNode node, string what, double bound)
    {
        var s = y.String(node, what);
        return double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && Math.Abs(v) <= bound
            ? v
            : throw y.Error(node, $"{what} must be a number from -{bound} to {bound}, not '{s}'");
    }

    private static Attachment ParseAttachment(YamlNodes y, YamlNode node)
    {
        var a = y.Keys(node, ["fileName", "mediaType", "altText", "license", "gps"], "an attachment");
        GeoPoint? gps = null;
        if (YamlNodes.Get(a, "gps") is { } g)
        {
            var p = y.Keys(g, ["lat", "lon"], "gps");
            gps = new GeoPoint(
                Coordinate(y, y.Required(p, "lat", g, "gps"), "lat", 90),
                Coordinate(y, y.Required(p, "lon", g, "gps"), "lon", 180));
        }

        var license = YamlNodes.Get(a, "license") is { } ln
            ? y.String(ln, "license") switch
            {
                "own" => MediaLicense.Own,
                "licensed" => MediaLicense.Licensed,
                "unknown" => MediaLicense.Unknown,
                var v => throw y.Error(ln, $"license must be own, licensed or unknown, not '{v}'"),
            }
            : MediaLicense.Unknown;
        return new Attachment(
            YamlNodes.Get(a, "fileName") is { } f ? y.String(f, "fileName") : "attachment",
            YamlNodes.Get(a, "mediaType") is { } m ? y.String(m, "mediaType") : "application/octet-stream",
            YamlNodes.Get(a, "altText") is { } alt ? y.String(alt, "altText") : null,
            license,
            gps);
    }
}

/// <summary>Counts terms across all rules of a pack against the pack's limit.</summary>
internal sealed class TermBudget(int max)
{
    private int _used;

    public bool TryTake(int count)
    {
        _used += count;
        return _used <= max;
    }
}

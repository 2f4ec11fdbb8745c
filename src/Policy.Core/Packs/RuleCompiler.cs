using System.Text.RegularExpressions;
using Policy.Core.Checking;
using Policy.Core.Decision;
using Policy.Core.Match.Detectors;
using Policy.Core.Match;
using Policy.Core.Model;
using Policy.Core.Normalize;
using Policy.Core.Rules;
using YamlDotNet.RepresentationModel;

namespace Policy.Core.Packs;

/// <summary>Compiles one rule node of a pack into its <see cref="Rule"/> kind.</summary>
internal sealed partial class RuleCompiler(YamlNodes y, IReadOnlyList<Section> sections, PackLists lists, PackLimits limits, TermBudget budget, Match.Model.TextModel? model)
{
    private YamlNodes Nodes => y;

    private Match.Model.TextModel? Model => model;

    /// <summary>The keys of an override besides <c>rule</c>.</summary>
    public static readonly IReadOnlyList<string> OverrideKeys = ["rule", "enabled", "severity", "category", "message", "suggestion", "addTerms", "removeTerms"];

    /// <summary>
    /// A company pack's change of an existing rule: a new severity, category, message or suggestion,
    /// terms added to or removed from the rule's main term set. The keys are this pack's (its file,
    /// its lists), the rule may be the base's.
    /// </summary>
    public Rule Override(Rule rule, Dictionary<string, YamlNode> o)
    {
        var header = rule.Header;
        if (YamlNodes.Get(o, "severity") is { } severity)
        {
            header = header with { Severity = PackSource.ParseSeverity(y, severity) };
        }

        if (YamlNodes.Get(o, "category") is { } category)
        {
            header = header with { Category = Category(category) };
        }

        if (YamlNodes.Get(o, "message") is { } message)
        {
            header = header with { Message = Texts(message, "message") };
        }

        if (YamlNodes.Get(o, "suggestion") is { } suggestion)
        {
            header = header with { Suggestion = Texts(suggestion, "suggestion") };
        }

        var changed = rule.WithHeader(header);
        var add = YamlNodes.Get(o, "addTerms");
        var remove = YamlNodes.Get(o, "removeTerms");
        if (add is null && remove is null)
        {
            return changed;
        }

        var termsKey = RuleKinds.Named(rule.Kind).Select(k => k.TermsKey).FirstOrDefault(k => k is not null);
        if (changed.ChangeableTerms is not { } terms)
        {
            throw y.Error(add ?? remove!, $"a {rule.Kind} rule has no terms to add or remove; kinds with terms: {string.Join(", ", RuleKinds.All.Where(k => k.TermsKey is not null).Select(k => $"{k.Name} ({k.TermsKey})"))}");
        }

        var specs = terms.Terms.ToList();
        if (remove is not null)
        {
            foreach (var item in y.Sequence(remove is YamlScalarNode ? new YamlSequenceNode(remove) : remove, "removeTerms", limits.MaxItemsPerList))
            {
                var term = Normalizer.NormalizeTerm(y.NonEmpty(item, "removeTerms"));
                if (specs.RemoveAll(t => t.Term == term) == 0)
                {
                    throw y.Error(item, $"rule '{rule.Id}' has no term '{y.String(item, "removeTerms")}' in '{termsKey}' to remove{(specs.Count <= 5_000 ? YamlNodes.DidYouMean(term, specs.Select(t => t.Term)) : string.Empty)}");
                }
            }
        }

        if (add is not null)
        {
            specs.AddRange(TermSetNode(add, "addTerms").Terms);
        }

        return changed.WithTerms(new TermSet(specs))!;
    }

    private static readonly string[] Common = ["id", "kind", "section", "category", "severity", "message", "suggestion", "when", "description", "overridable"];

    private static readonly string[] TermSetKeys = ["terms", "lists", "cues", "match", "endings"];

    private static readonly string[] WhenKeys =
        ["account", "replyToComplaint", "hasAttachments", "authorRoles", "notAuthorRoles", "spokesperson", "crisis", "crisisTeam", "language"];

    public Rule Compile(YamlMappingNode node)
    {
        // Read id and kind before checking keys, so errors about unknown keys can name the rule.
        var idNode = node.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode { Value: "id" }).Value;
        y.RuleId = idNode is YamlScalarNode { Value: { } rid } ? rid : null;
        var kindNode = node.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode { Value: "kind" }).Value
            ?? throw y.Error(node, "a rule needs 'kind'");
        var name = y.String(kindNode, "kind");
        var kinds = RuleKinds.Named(name);
        if (kinds.Count == 0)
        {
            throw y.Error(kindNode, $"unknown rule kind '{name}'; known kinds: {string.Join(", ", RuleKinds.Names)}{YamlNodes.DidYouMean(name, RuleKinds.Names)}");
        }

        var what = $"a {name} rule";
        var m = y.Keys(node, [.. Common, .. kinds.SelectMany(k => k.Keys).Distinct(StringComparer.Ordinal)], what);
        var kind = Choose(kinds, m, node, what);
        var id = y.NonEmpty(y.Required(m, "id", node, "a rule"), "id");
        var sectionNode = y.Required(m, "section", node, "a rule");
        var sectionId = y.NonEmpty(sectionNode, "section");
        var section = sections.FirstOrDefault(s => s.Id == sectionId)
            ?? throw y.Error(sectionNode, $"section '{sectionId}' does not exist; every rule belongs to a section of the pack{YamlNodes.DidYouMean(sectionId, sections.Select(s => s.Id))}");
        var category = Category(y.Required(m, "category", node, "a rule"));
        var severity = kind.ReportsNothing && !m.ContainsKey("severity")
            ? Severity.Info
            : PackSource.ParseSeverity(y, y.Required(m, "severity", node, "a rule"));
        var message = kind.ReportsNothing && !m.ContainsKey("message")
            ? LocalizedText.Empty
            : Texts(y.Required(m, "message", node, "a rule"), "message");
        var suggestion = kind.ReportsNothing && !m.ContainsKey("suggestion")
            ? LocalizedText.Empty
            : Texts(y.Required(m, "suggestion", node, "a rule"), "suggestion");
        var when = YamlNodes.Get(m, "when") is { } w ? ParseWhen(w) : Conditions.Always;

        var overridable = YamlNodes.Get(m, "overridable") is { } o && y.Bool(o, "overridable");

        var header = new RuleHeader(id, name, category, severity, section, message, suggestion, when);
        var rule = kind.Compile(header, new RuleReader(this, m, node, what));
        return overridable ? rule.AllowingOverride() : rule;
    }

    /// <summary>The kind of a name two kinds share (<c>pattern</c>): the one whose selector key is there.</summary>
    private RuleKind Choose(IReadOnlyList<RuleKind> kinds, Dictionary<string, YamlNode> m, YamlNode node, string what)
    {
        if (kinds.Count == 1)
        {
            return kinds[0];
        }

        var chosen = kinds.Where(k => m.ContainsKey(k.Selector!)).ToList();
        if (chosen.Count != 1)
        {
            throw y.Error(node, $"{what} needs either {string.Join(" or ", kinds.Select(k => $"'{k.Selector}'"))}");
        }

        var kind = chosen[0];
        foreach (var (key, value) in m)
        {
            if (!Common.Contains(key) && !kind.Keys.Contains(key))
            {
                var owner = kinds.First(k => k.Keys.Contains(key));
                throw y.Error(value, $"'{key}' belongs to {what} with '{owner.Selector}', not with '{kind.Selector}'");
            }
        }

        return kind;
    }

    /// <summary>A rule's category: a lower-case name.</summary>
    internal string Category(YamlNode node)
    {
        var category = y.NonEmpty(node, "category");
        return category.All(c => char.IsAsciiLetterLower(c) || c == '-')
            ? category
            : throw y.Error(node, "category is a lower-case name such as pii, credential, confidential");
    }

    /// <summary>A message or suggestion: localized, and its placeholders must be ones the engine fills.</summary>
    internal LocalizedText Texts(YamlNode node, string what)
    {
        var text = y.Localized(node, what);
        foreach (var placeholder in Placeholders(text.De).Concat(Placeholders(text.En)))
        {
            if (!MessagePlaceholders.Contains(placeholder))
            {
                throw y.Error(node, $"unknown placeholder '{{{placeholder}}}' in {what}; known: {string.Join(", ", MessagePlaceholders.Select(p => "{" + p + "}"))}{YamlNodes.DidYouMean(placeholder, MessagePlaceholders, "{", "}")}");
            }
        }

        return text;
    }

    /// <summary>What the engine puts into a message or suggestion (see <see cref="MessageTemplate"/>).</summary>
    public static IReadOnlyList<string> MessagePlaceholders => MessageTemplate.Placeholders;

    private static IEnumerable<string> Placeholders(string text)
    {
        for (var open = text.IndexOf('{', StringComparison.Ordinal); open >= 0; open = text.IndexOf('{', open + 1))
        {
            var close = text.IndexOf('}', open + 1);
            if (close < 0)
            {
                yield break;
            }

            yield return text[(open + 1)..close];
        }
    }

    /// <summary>Substrings of which one must occur for a rule's regexes to run: a regex costs per
    /// character of every draft, a keyword is found in the single automaton pass for free.</summary>
    internal TermSet? Keywords(Dictionary<string, YamlNode> m)
    {
        if (YamlNodes.Get(m, "keywords") is not { } node)
        {
            return null;
        }

        var specs = y.Strings(node, "keywords", 200)
            .Select(Normalizer.NormalizeTerm)
            .Where(k => k.Length > 0)
            .Select(k => new TermSpec(k, TermMode.Substring, TermDefaults.NoEndings))
            .ToList();
        return specs.Count > 0 ? new TermSet(specs) : throw y.Error(node, "keywords must not be empty");
    }

    internal IDetector Detector(YamlNode node)
    {
        var name = y.NonEmpty(node, "detector");
        return DetectorCatalog.ByName.TryGetValue(name, out var detector)
            ? detector
            : throw y.Error(node, $"unknown detector '{name}'; known: {string.Join(", ", DetectorCatalog.ByName.Keys.Order(StringComparer.Ordinal))}");
    }

    internal List<IDetector> ParseDetectors(YamlNode node)
    {
        if (node is YamlScalarNode { Value: "all" })
        {
            return [.. DetectorCatalog.SecretNames.Select(n => DetectorCatalog.ByName[n])];
        }

        return [.. y.Sequence(node, "detectors", 500).Select(Detector)];
    }

    internal Regex CompileRegex(YamlNode node, DetectorInput input)
    {
        var pattern = y.NonEmpty(node, "regex");
        if (pattern.Length > limits.MaxRegexLength)
        {
            throw y.Error(node, $"regex is longer than {limits.MaxRegexLength} characters");
        }

        var options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;
        if (input == DetectorInput.Normalized)
        {
            options |= RegexOptions.IgnoreCase;
        }

        try
        {
            // Non-backtracking matching is linear in the text, so no pattern can hang a check;
            // the timeout still bounds the automaton's construction on pathological patterns.
            return new Regex(pattern, options, limits.RegexTimeout);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            throw y.Error(node, "regex is not usable: " + ex.Message);
        }
    }

    private Conditions ParseWhen(YamlNode node)
    {
        var items = node is YamlSequenceNode ? y.Sequence(node, "when", 20) : [node];
        return new Conditions([.. items.Select(ParseCondition)]);
    }

    private Condition ParseCondition(YamlNode node)
    {
        var m = y.Keys(node, WhenKeys, "when");
        AccountKind? account = null;
        if (YamlNodes.Get(m, "account") is { } a)
        {
            account = y.String(a, "account") switch
            {
                "private" => AccountKind.Private,
                "corporate" => AccountKind.Corporate,
                var v => throw y.Error(a, $"account must be private or corporate, not '{v}'"),
            };
        }

        string? language = null;
        if (YamlNodes.Get(m, "language") is { } l)
        {
            language = y.String(l, "language");
            if (language is not ("de" or "en"))
            {
                throw y.Error(l, "language must be de or en");
            }
        }

        return new Condition(
            account,
            YamlNodes.Get(m, "replyToComplaint") is { } rc ? y.Bool(rc, "replyToComplaint") : null,
            YamlNodes.Get(m, "hasAttachments") is { } ha ? y.Bool(ha, "hasAttachments") : null,
            YamlNodes.Get(m, "authorRoles") is { } ar ? y.Strings(ar, "authorRoles", 10) : null,
            YamlNodes.Get(m, "notAuthorRoles") is { } nr ? y.Strings(nr, "notAuthorRoles", 10) : null,
            YamlNodes.Get(m, "spokesperson") is { } sp ? y.Bool(sp, "spokesperson") : null,
            language,
            YamlNodes.Get(m, "crisis") is { } cr ? y.Bool(cr, "crisis") : null,
            YamlNodes.Get(m, "crisisTeam") is { } ct ? y.Bool(ct, "crisisTeam") : null);
    }

    /// <summary>A topic's terms: what makes a post be about finance, products, people …</summary>
    public TermSet Topic(YamlNode node, string id) => TermSetNode(node, "topic " + id);

    /// <summary>A term set given either as a plain list or as a mapping {terms, lists, match, endings}.</summary>
    internal TermSet TermSetNode(YamlNode node, string what)
    {
        if (node is YamlSequenceNode)
        {
            return BuildTermSet(node, null, TermMode.Word, TermDefaults.Endings, node, what);
        }

        var m = y.Keys(node, TermSetKeys, what);
        return TermSetFromMap(m, node, "terms");
    }

    /// <summary>A term set whose keys (terms/values, lists, match, endings) sit in <paramref name="m"/>.</summary>
    internal TermSet TermSetFromMap(Dictionary<string, YamlNode> m, YamlNode parent, string termsKey)
    {
        var mode = YamlNodes.Get(m, "match") is { } mn ? ParseMode(mn) : TermMode.Word;
        var endings = YamlNodes.Get(m, "endings") is { } en ? ParseEndings(en) : TermDefaults.Endings;
        var termsNode = YamlNodes.Get(m, termsKey);
        var listsNode = YamlNodes.Get(m, "lists");
        var cuesNode = YamlNodes.Get(m, "cues");
        if (termsNode is null && listsNode is null && cuesNode is null)
        {
            throw y.Error(parent, $"needs '{termsKey}', 'lists' or 'cues'");
        }

        return BuildTermSet(termsNode, listsNode, mode, endings, parent, termsKey, cuesNode);
    }

    private TermSet BuildTermSet(YamlNode? termsNode, YamlNode? listsNode, TermMode mode, System.Collections.Frozen.FrozenSet<string> endings, YamlNode parent, string what, YamlNode? cuesNode = null)
    {
        var specs = new List<TermSpec>();
        if (termsNode is not null)
        {
            foreach (var item in y.Sequence(termsNode, what, limits.MaxItemsPerList))
            {
                if (item is YamlScalarNode)
                {
                    AddExpanded(specs, y.Entry(item, what), mode, endings, item);
                    continue;
                }

                var t = y.Keys(item, ["term", "match", "endings"], "a term");
                AddExpanded(
                    specs,
                    y.NonEmpty(y.Required(t, "term", item, "a term"), "term"),
                    YamlNodes.Get(t, "match") is { } tm ? ParseMode(tm) : mode,
                    YamlNodes.Get(t, "endings") is { } te ? ParseEndings(te) : endings,
                    item);
            }
        }

        if (listsNode is not null)
        {
            foreach (var name in y.Strings(listsNode, "lists", 20))
            {
                if (!PackLists.KnownNames.Contains(name))
                {
                    throw y.Error(listsNode, $"unknown list '{name}'; lists are {string.Join(", ", PackLists.KnownNames)}{YamlNodes.DidYouMean(name, PackLists.KnownNames)}");
                }

                foreach (var value in lists.Terms(name))
                {
                    AddTerm(specs, value, mode, endings, lists.ContextOf(name, value) is { } context ? [context] : null);
                }
            }
        }

        if (cuesNode is not null)
        {
            foreach (var name in y.Strings(cuesNode, "cues", 20))
            {
                if (!lists.Cues.TryGetValue(name, out var phrases))
                {
                    throw y.Error(cuesNode, lists.Cues.Count == 0
                        ? $"unknown cue '{name}'; the pack and its bases define no cues"
                        : $"unknown cue '{name}'; cues are {string.Join(", ", lists.Cues.Keys.Order(StringComparer.Ordinal))}{YamlNodes.DidYouMean(name, lists.Cues.Keys)}");
                }

                foreach (var phrase in phrases)
                {
                    AddTerm(specs, phrase, mode, endings, null);
                }
            }
        }

        if (!budget.TryTake(specs.Count))
        {
            throw y.Error(parent, $"the pack has more than {limits.MaxTermsPerPack} terms");
        }

        return new TermSet(specs);
    }

    /// <summary>
    /// Expands "{list}" placeholders ("im Namen von {company}") into one term per list value. List values
    /// are inserted literally (a value containing "{company}" is not expanded again), and every term
    /// counts against the pack's budget as it is made, so "{products} {products}" cannot explode.
    /// </summary>
    private void AddExpanded(List<TermSpec> specs, string term, TermMode mode, System.Collections.Frozen.FrozenSet<string> endings, YamlNode node)
    {
        var parts = new List<(string Text, IReadOnlyList<string>? Values, string? List)>();
        var rest = term.AsSpan();
        while (rest.IndexOf('{') is var open and >= 0)
        {
            var close = rest[open..].IndexOf('}');
            var name = close > 0 ? rest.Slice(open + 1, close - 1).ToString() : string.Empty;
            if (!PackLists.KnownNames.Contains(name))
            {
                throw y.Error(node, $"placeholder '{{{name}}}' names no list; lists are {string.Join(", ", PackLists.KnownNames)}{YamlNodes.DidYouMean(name, PackLists.KnownNames, "{", "}")}");
            }

            parts.Add((rest[..open].ToString(), null, null));
            parts.Add((string.Empty, lists.Terms(name), name));
            rest = rest[(open + close + 1)..];
        }

        parts.Add((rest.ToString(), null, null));
        var combinations = 1L;
        foreach (var (_, values, _) in parts)
        {
            combinations *= values?.Count ?? 1;
            if (combinations > limits.MaxTermsPerPack)
            {
                throw y.Error(node, $"'{term}' expands to more than {limits.MaxTermsPerPack} terms");
            }
        }

        Expand(parts, 0, string.Empty, null, specs, mode, endings);
    }

    /// <remarks>A term made from a value with a context carries that context ("im Namen von {company}"
    /// with a company name that is also a word counts only near its words); made from several such
    /// values, it needs every one of their contexts.</remarks>
    private void Expand(List<(string Text, IReadOnlyList<string>? Values, string? List)> parts, int at, string prefix, List<TermContext>? contexts, List<TermSpec> specs, TermMode mode, System.Collections.Frozen.FrozenSet<string> endings)
    {
        if (at == parts.Count)
        {
            AddTerm(specs, prefix, mode, endings, contexts is null ? null : [.. contexts]);
            return;
        }

        var (text, values, list) = parts[at];
        if (values is null)
        {
            Expand(parts, at + 1, prefix + text, contexts, specs, mode, endings);
            return;
        }

        foreach (var value in values)
        {
            var context = lists.ContextOf(list!, value);
            Expand(parts, at + 1, prefix + value, context is null ? contexts : [.. contexts ?? [], context], specs, mode, endings);
        }
    }

    private static void AddTerm(List<TermSpec> specs, string term, TermMode mode, System.Collections.Frozen.FrozenSet<string> endings, IReadOnlyList<TermContext>? contexts = null)
    {
        var normalized = Normalizer.NormalizeTerm(term);
        if (normalized.Length > 0)
        {
            specs.Add(new TermSpec(normalized, mode, endings) { Contexts = contexts });
        }
    }

    private TermMode ParseMode(YamlNode node) => TermSyntax.Mode(y, node);

    private System.Collections.Frozen.FrozenSet<string> ParseEndings(YamlNode node) => TermSyntax.Endings(y, node);
}

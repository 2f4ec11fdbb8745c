using System.Text.RegularExpressions;
using Policy.Core.Checking;
using Policy.Core.Decision;
using Policy.Core.Match;
using Policy.Core.Match.Detectors;
using Policy.Core.Normalize;
using Policy.Core.Rules;
using YamlDotNet.RepresentationModel;

namespace Policy.Core.Packs;

/// <summary>Compiles one rule node of a pack into its <see cref="Rule"/> kind.</summary>
internal sealed class RuleCompiler(YamlNodes y, IReadOnlyList<Section> sections, PackLists lists, PackLimits limits, TermBudget budget, Match.Model.TextModel? model)
{
    public static readonly IReadOnlyList<string> Kinds = ["terms", "pattern", "secret", "proximity", "must-contain", "attachment", "allowlist", "context", "classifier"];

    private static readonly string[] Common = ["id", "kind", "section", "category", "severity", "message", "suggestion", "when", "description"];

    private static readonly Dictionary<string, string[]> KindKeys = new(StringComparer.Ordinal)
    {
        ["terms"] = ["terms", "lists", "match", "endings"],
        ["pattern"] = ["detector", "regex", "validator", "input", "keywords"],
        ["secret"] = ["detectors"],
        ["proximity"] = ["anchor", "near", "alone", "mentions"],
        ["must-contain"] = ["trigger", "near", "within", "require", "insert"],
        ["attachment"] = ["gps", "licenses", "altTextMissing", "rights", "recognizedWords", "unread"],
        ["allowlist"] = ["values", "lists", "patterns", "appliesTo", "keywords", "unless"],
        ["context"] = [],
        ["classifier"] = ["head", "threshold", "minWords", "unless", "unlessNegatedBy"],
    };

    private static readonly string[] TermSetKeys = ["terms", "lists", "match", "endings"];

    private static readonly string[] WhenKeys =
        ["account", "replyToComplaint", "hasAttachments", "authorRoles", "notAuthorRoles", "spokesperson", "crisis", "crisisTeam", "language"];

    public Rule Compile(YamlMappingNode node)
    {
        // Read id and kind before checking keys, so errors about unknown keys can name the rule.
        var idNode = node.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode { Value: "id" }).Value;
        y.RuleId = idNode is YamlScalarNode { Value: { } rid } ? rid : null;
        var kindNode = node.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode { Value: "kind" }).Value
            ?? throw y.Error(node, "a rule needs 'kind'");
        var kind = y.String(kindNode, "kind");
        if (!KindKeys.TryGetValue(kind, out var kindKeys))
        {
            throw y.Error(kindNode, $"unknown rule kind '{kind}'; known kinds: {string.Join(", ", Kinds)}");
        }

        var m = y.Keys(node, [.. Common, .. kindKeys], $"a {kind} rule");
        var id = y.NonEmpty(y.Required(m, "id", node, "a rule"), "id");
        var sectionNode = y.Required(m, "section", node, "a rule");
        var sectionId = y.NonEmpty(sectionNode, "section");
        var section = sections.FirstOrDefault(s => s.Id == sectionId)
            ?? throw y.Error(sectionNode, $"section '{sectionId}' does not exist; every rule belongs to a section of the pack");
        var category = y.NonEmpty(y.Required(m, "category", node, "a rule"), "category");
        if (!category.All(c => char.IsAsciiLetterLower(c) || c == '-'))
        {
            throw y.Error(m["category"], "category is a lower-case name such as pii, credential, confidential");
        }

        var severity = kind == "allowlist" && !m.ContainsKey("severity")
            ? Severity.Info
            : PackSource.ParseSeverity(y, y.Required(m, "severity", node, "a rule"));
        var message = kind == "allowlist" && !m.ContainsKey("message")
            ? LocalizedText.Empty
            : y.Localized(y.Required(m, "message", node, "a rule"), "message");
        var suggestion = kind == "allowlist" && !m.ContainsKey("suggestion")
            ? LocalizedText.Empty
            : y.Localized(y.Required(m, "suggestion", node, "a rule"), "suggestion");
        var when = YamlNodes.Get(m, "when") is { } w ? ParseWhen(w) : Conditions.Always;

        return kind switch
        {
            "terms" => new TermsRule
            {
                Id = id, Kind = kind, Category = category, Severity = severity, Section = section, Message = message, Suggestion = suggestion, When = when,
                Terms = TermSetFromMap(m, node, "terms"),
            },
            "pattern" => Pattern(m, node, id, kind, category, severity, section, message, suggestion, when),
            "secret" => new SecretRule
            {
                Id = id, Kind = kind, Category = category, Severity = severity, Section = section, Message = message, Suggestion = suggestion, When = when,
                Detectors = ParseDetectors(y.Required(m, "detectors", node, "a secret rule")),
            },
            "proximity" => new ProximityRule
            {
                Id = id, Kind = kind, Category = category, Severity = severity, Section = section, Message = message, Suggestion = suggestion, When = when,
                Anchor = TermSetNode(y.Required(m, "anchor", node, "a proximity rule"), "anchor"),
                Near = [.. y.Sequence(y.Required(m, "near", node, "a proximity rule"), "near", 20).Select(ParseNearGroup)],
                Alone = YamlNodes.Get(m, "alone") is not { } alone || y.Bool(alone, "alone"),
                SkipMentions = YamlNodes.Get(m, "mentions") is { } mentions && ParseMentions(mentions),
            },
            "must-contain" => new MustContainRule
            {
                Id = id, Kind = kind, Category = category, Severity = severity, Section = section, Message = message, Suggestion = suggestion, When = when,
                Trigger = TermSetNode(y.Required(m, "trigger", node, "a must-contain rule"), "trigger"),
                TriggerNear = YamlNodes.Get(m, "near") is { } near ? TermSetNode(near, "near") : null,
                Within = YamlNodes.Get(m, "within") is { } within ? y.Int(within, "within", 1, 100) : 8,
                Require = TermSetNode(y.Required(m, "require", node, "a must-contain rule"), "require"),
                Insert = YamlNodes.Get(m, "insert") is { } insert ? y.Localized(insert, "insert") : LocalizedText.Empty,
            },
            "attachment" => Attachment(m, node, id, kind, category, severity, section, message, suggestion, when),
            "context" => when.Any.Count > 0
                ? new ContextRule { Id = id, Kind = kind, Category = category, Severity = severity, Section = section, Message = message, Suggestion = suggestion, When = when }
                : throw y.Error(node, "a context rule needs 'when': it fires whenever its conditions hold"),
            "allowlist" => new AllowlistRule
            {
                Id = id, Kind = kind, Category = category, Severity = severity, Section = section, Message = message, Suggestion = suggestion, When = when,
                // Patterns alone are a complete allowlist; values and lists are optional then.
                Values = m.ContainsKey("patterns") && !m.ContainsKey("values") && !m.ContainsKey("lists")
                    ? new TermSet([])
                    : TermSetFromMap(m, node, "values"),
                Patterns = YamlNodes.Get(m, "patterns") is { } p ? [.. y.Sequence(p, "patterns", 200).Select(n => CompileRegex(n, DetectorInput.Normalized))] : [],
                AppliesTo = y.Strings(y.Required(m, "appliesTo", node, "an allowlist rule"), "appliesTo", 20),
                Keywords = Keywords(m),
                Unless = YamlNodes.Get(m, "unless") is { } unlessNode ? TermSetNode(unlessNode, "unless") : null,
            },
            "classifier" => Classifier(m, node, id, kind, category, severity, section, message, suggestion, when),
            _ => throw y.Error(kindNode, $"unknown rule kind '{kind}'"),
        };
    }

    public static Rule WithSeverity(Rule rule, Severity severity) => rule.WithSeverity(severity);

    private ClassifierRule Classifier(Dictionary<string, YamlNode> m, YamlNode node, string id, string kind, string category, Severity severity, Section section, LocalizedText message, LocalizedText suggestion, Conditions when)
    {
        if (model is null)
        {
            throw y.Error(node, "a classifier rule needs a trained model ('model:' in this pack or the pack it extends)");
        }

        var headNode = YamlNodes.Get(m, "head");
        var head = headNode is null ? category : y.NonEmpty(headNode, "head");
        var index = model.HeadIndex(head);
        if (index < 0)
        {
            throw y.Error(headNode ?? node, $"the model has no head '{head}'; its heads: {string.Join(", ", model.Heads)}");
        }

        var thresholdNode = y.Required(m, "threshold", node, "a classifier rule");
        if (!double.TryParse(y.String(thresholdNode, "threshold"), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var threshold)
            || threshold is <= 0 or >= 1)
        {
            throw y.Error(thresholdNode, "threshold is a probability between 0 and 1 (exclusive), e.g. 0.6");
        }

        return new ClassifierRule
        {
            Id = id, Kind = kind, Category = category, Severity = severity, Section = section, Message = message, Suggestion = suggestion, When = when,
            Model = model,
            Head = index,
            Threshold = threshold,
            MinWords = YamlNodes.Get(m, "minWords") is { } minWords ? y.Int(minWords, "minWords", 1, 10) : 2,
            Unless = YamlNodes.Get(m, "unless") is { } unless ? TermSetNode(unless, "unless") : null,
            UnlessNegatedBy = YamlNodes.Get(m, "unlessNegatedBy") is { } negated ? TermSetNode(negated, "unlessNegatedBy") : null,
        };
    }

    private PatternRule Pattern(Dictionary<string, YamlNode> m, YamlNode node, string id, string kind, string category, Severity severity, Section section, LocalizedText message, LocalizedText suggestion, Conditions when)
    {
        var detectorNode = YamlNodes.Get(m, "detector");
        var regexNode = YamlNodes.Get(m, "regex");
        if ((detectorNode is null) == (regexNode is null))
        {
            throw y.Error(node, "a pattern rule needs either 'detector' or 'regex'");
        }

        if (detectorNode is not null)
        {
            return new PatternRule
            {
                Id = id, Kind = kind, Category = category, Severity = severity, Section = section, Message = message, Suggestion = suggestion, When = when,
                Detector = Detector(detectorNode),
            };
        }

        var input = YamlNodes.Get(m, "input") is { } inputNode
            ? y.String(inputNode, "input") switch
            {
                "normalized" => DetectorInput.Normalized,
                "original" => DetectorInput.Original,
                var v => throw y.Error(inputNode, $"input must be normalized or original, not '{v}'"),
            }
            : DetectorInput.Normalized;
        Func<string, bool>? validator = null;
        if (YamlNodes.Get(m, "validator") is { } validatorNode)
        {
            // A validator is a built-in detector that must accept the whole matched text.
            var detector = Detector(validatorNode);
            validator = value =>
            {
                var hits = new List<DetectorHit>();
                detector.Scan(value, hits);
                return hits.Exists(h => h.Start == 0 && h.Length == value.Length);
            };
        }

        return new PatternRule
        {
            Id = id, Kind = kind, Category = category, Severity = severity, Section = section, Message = message, Suggestion = suggestion, When = when,
            Regex = CompileRegex(regexNode!, input),
            Input = input,
            Validator = validator,
            Keywords = Keywords(m),
        };
    }

    /// <summary>Substrings of which one must occur for a rule's regexes to run: a regex costs per
    /// character of every draft, a keyword is found in the single automaton pass for free.</summary>
    private TermSet? Keywords(Dictionary<string, YamlNode> m)
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

    private AttachmentRule Attachment(Dictionary<string, YamlNode> m, YamlNode node, string id, string kind, string category, Severity severity, Section section, LocalizedText message, LocalizedText suggestion, Conditions when)
    {
        var licenses = YamlNodes.Get(m, "licenses") is { } ln
            ? y.Strings(ln, "licenses", 3).Select(l => l switch
            {
                "own" => MediaLicense.Own,
                "licensed" => MediaLicense.Licensed,
                "unknown" => MediaLicense.Unknown,
                _ => throw y.Error(ln, $"licenses may be own, licensed or unknown, not '{l}'"),
            }).ToList()
            : [];
        var rule = new AttachmentRule
        {
            Id = id, Kind = kind, Category = category, Severity = severity, Section = section, Message = message, Suggestion = suggestion, When = when,
            Gps = YamlNodes.Get(m, "gps") is { } g && y.Bool(g, "gps"),
            Licenses = licenses,
            MissingAltText = YamlNodes.Get(m, "altTextMissing") is { } a && y.Bool(a, "altTextMissing"),
            Rights = YamlNodes.Get(m, "rights") is { } rn
                ? y.Strings(rn, "rights", 2).Select(r => r switch
                {
                    "foreign" => EmbeddedRights.Foreign,
                    "missing" => EmbeddedRights.Missing,
                    _ => throw y.Error(rn, $"rights may be foreign or missing, not '{r}'"),
                }).ToList()
                : [],
            RecognizedWords = YamlNodes.Get(m, "recognizedWords") is { } w ? y.Int(w, "recognizedWords", 1, 100_000) : 0,
            Unread = YamlNodes.Get(m, "unread") is { } u && y.Bool(u, "unread"),
        };
        if (!rule.Gps && rule.Licenses.Count == 0 && !rule.MissingAltText && rule.Rights.Count == 0 && rule.RecognizedWords == 0 && !rule.Unread)
        {
            throw y.Error(node, "an attachment rule needs gps, licenses, altTextMissing, rights, recognizedWords or unread");
        }

        return rule;
    }

    private IDetector Detector(YamlNode node)
    {
        var name = y.NonEmpty(node, "detector");
        return DetectorCatalog.ByName.TryGetValue(name, out var detector)
            ? detector
            : throw y.Error(node, $"unknown detector '{name}'; known: {string.Join(", ", DetectorCatalog.ByName.Keys.Order(StringComparer.Ordinal))}");
    }

    private List<IDetector> ParseDetectors(YamlNode node)
    {
        if (node is YamlScalarNode { Value: "all" })
        {
            return [.. DetectorCatalog.SecretNames.Select(n => DetectorCatalog.ByName[n])];
        }

        return [.. y.Sequence(node, "detectors", 500).Select(Detector)];
    }

    private Regex CompileRegex(YamlNode node, DetectorInput input)
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

    private NearGroup ParseNearGroup(YamlNode node)
    {
        var m = y.Keys(node, [.. TermSetKeys, "within", "severity"], "a near group");
        var severityNode = y.Required(m, "severity", node, "a near group");
        var severity = y.String(severityNode, "severity") == "none" ? (Severity?)null : PackSource.ParseSeverity(y, severityNode);
        return new NearGroup(
            TermSetFromMap(m, node, "terms"),
            YamlNodes.Get(m, "within") is { } w ? y.Int(w, "within", 0, 100) : 5,
            severity);
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
    private TermSet TermSetNode(YamlNode node, string what)
    {
        if (node is YamlSequenceNode)
        {
            return BuildTermSet(node, null, TermMode.Word, TermDefaults.Endings, node, what);
        }

        var m = y.Keys(node, TermSetKeys, what);
        return TermSetFromMap(m, node, "terms");
    }

    /// <summary>A term set whose keys (terms/values, lists, match, endings) sit in <paramref name="m"/>.</summary>
    private TermSet TermSetFromMap(Dictionary<string, YamlNode> m, YamlNode parent, string termsKey)
    {
        var mode = YamlNodes.Get(m, "match") is { } mn ? ParseMode(mn) : TermMode.Word;
        var endings = YamlNodes.Get(m, "endings") is { } en ? ParseEndings(en) : TermDefaults.Endings;
        var termsNode = YamlNodes.Get(m, termsKey);
        var listsNode = YamlNodes.Get(m, "lists");
        if (termsNode is null && listsNode is null)
        {
            throw y.Error(parent, $"needs '{termsKey}' or 'lists'");
        }

        return BuildTermSet(termsNode, listsNode, mode, endings, parent, termsKey);
    }

    private TermSet BuildTermSet(YamlNode? termsNode, YamlNode? listsNode, TermMode mode, System.Collections.Frozen.FrozenSet<string> endings, YamlNode parent, string what)
    {
        var specs = new List<TermSpec>();
        if (termsNode is not null)
        {
            foreach (var item in y.Sequence(termsNode, what, limits.MaxItemsPerList))
            {
                if (item is YamlScalarNode)
                {
                    AddExpanded(specs, y.String(item, "term"), mode, endings, item);
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
                    throw y.Error(listsNode, $"unknown list '{name}'; lists are {string.Join(", ", PackLists.KnownNames)}");
                }

                foreach (var value in lists[name])
                {
                    AddTerm(specs, value, mode, endings);
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
        var parts = new List<(string Text, IReadOnlyList<string>? Values)>();
        var rest = term.AsSpan();
        while (rest.IndexOf('{') is var open and >= 0)
        {
            var close = rest[open..].IndexOf('}');
            var name = close > 0 ? rest.Slice(open + 1, close - 1).ToString() : string.Empty;
            if (!PackLists.KnownNames.Contains(name))
            {
                throw y.Error(node, $"placeholder '{{{name}}}' names no list; lists are {string.Join(", ", PackLists.KnownNames)}");
            }

            parts.Add((rest[..open].ToString(), null));
            parts.Add((string.Empty, lists[name]));
            rest = rest[(open + close + 1)..];
        }

        parts.Add((rest.ToString(), null));
        var combinations = 1L;
        foreach (var (_, values) in parts)
        {
            combinations *= values?.Count ?? 1;
            if (combinations > limits.MaxTermsPerPack)
            {
                throw y.Error(node, $"'{term}' expands to more than {limits.MaxTermsPerPack} terms");
            }
        }

        Expand(parts, 0, string.Empty, specs, mode, endings);
    }

    private static void Expand(List<(string Text, IReadOnlyList<string>? Values)> parts, int at, string prefix, List<TermSpec> specs, TermMode mode, System.Collections.Frozen.FrozenSet<string> endings)
    {
        if (at == parts.Count)
        {
            AddTerm(specs, prefix, mode, endings);
            return;
        }

        var (text, values) = parts[at];
        if (values is null)
        {
            Expand(parts, at + 1, prefix + text, specs, mode, endings);
            return;
        }

        foreach (var value in values)
        {
            Expand(parts, at + 1, prefix + value, specs, mode, endings);
        }
    }

    private static void AddTerm(List<TermSpec> specs, string term, TermMode mode, System.Collections.Frozen.FrozenSet<string> endings)
    {
        var normalized = Normalizer.NormalizeTerm(term);
        if (normalized.Length > 0)
        {
            specs.Add(new TermSpec(normalized, mode, endings));
        }
    }

    private bool ParseMentions(YamlNode node) => y.String(node, "mentions") switch
    {
        "skip" => true,
        "count" => false,
        var v => throw y.Error(node, $"mentions must be skip or count, not '{v}'"),
    };

    private TermMode ParseMode(YamlNode node) => y.String(node, "match") switch
    {
        "word" => TermMode.Word,
        "compound" => TermMode.Compound,
        "hashtag" => TermMode.Hashtag,
        "substring" => TermMode.Substring,
        var v => throw y.Error(node, $"match must be word, compound, hashtag or substring, not '{v}'"),
    };

    private System.Collections.Frozen.FrozenSet<string> ParseEndings(YamlNode node)
    {
        if (node is YamlScalarNode { Value: "none" })
        {
            return TermDefaults.NoEndings;
        }

        if (node is YamlScalarNode { Value: "default" })
        {
            return TermDefaults.Endings;
        }

        return System.Collections.Frozen.FrozenSet.ToFrozenSet(
            y.Strings(node, "endings", 50).Select(Normalizer.NormalizeTerm), StringComparer.Ordinal);
    }
}

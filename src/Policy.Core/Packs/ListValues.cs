using System.Collections.Frozen;
using System.Text;
using Policy.Core.Match;
using Policy.Core.Normalize;
using YamlDotNet.RepresentationModel;

namespace Policy.Core.Packs;

/// <summary>How a term's matching is written (<c>match</c>, <c>endings</c>): rules and list values' contexts read it alike.</summary>
internal static class TermSyntax
{
    public static TermMode Mode(YamlNodes y, YamlNode node) => y.String(node, "match") switch
    {
        "word" => TermMode.Word,
        "compound" => TermMode.Compound,
        "hashtag" => TermMode.Hashtag,
        "substring" => TermMode.Substring,
        var v => throw y.Error(node, $"match must be word, compound, hashtag or substring, not '{v}'"),
    };

    public static FrozenSet<string> Endings(YamlNodes y, YamlNode node)
    {
        if (node is YamlScalarNode { Value: "none" })
        {
            return TermDefaults.NoEndings;
        }

        if (node is YamlScalarNode { Value: "default" })
        {
            return TermDefaults.Endings;
        }

        return FrozenSet.ToFrozenSet(y.Strings(node, "endings", 50).Select(Normalizer.NormalizeTerm), StringComparer.Ordinal);
    }
}

/// <summary>
/// Reads the values of a company list. A value is a text, or <c>{ value, context }</c> when the
/// value is also an ordinary word and counts only near certain words:
/// <c>{ value: Falke, context: { near: [Projekt, Launch, project], within: 8 } }</c>. The context
/// speaks the language of a must-contain rule's <c>near</c>/<c>within</c>: words either side,
/// terms normalized and matched like every other term. Identical contexts become one instance, so
/// ten code names with the same project words cost one set of near terms.
/// </summary>
internal sealed class ValueContexts(YamlNodes y, PackLimits limits)
{
    /// <summary>Near terms one value's context may name.</summary>
    public const int MaxNearTerms = 50;

    /// <summary>Widest reach of a context, in words (as a must-contain rule's <c>within</c>).</summary>
    public const int MaxWithin = 100;

    /// <summary>Reach of a context without <c>within</c>, as a must-contain rule's.</summary>
    public const int DefaultWithin = 8;

    private static readonly string[] ValueKeys = ["value", "context"];
    private static readonly string[] ContextKeys = ["near", "within"];
    private static readonly string[] NearSetKeys = ["terms", "match", "endings"];

    private readonly Dictionary<string, TermContext> _distinct = new(StringComparer.Ordinal);
    private int _nearTerms;

    /// <summary>Each value of a list with its node and its context (null: it always counts).</summary>
    public IEnumerable<(YamlNode Node, string Value, TermContext? Context)> Values(YamlNode node, string list)
    {
        var what = "list " + list;
        var items = node is YamlScalarNode ? [node] : y.Sequence(node, what, limits.MaxItemsPerList);
        foreach (var item in items)
        {
            if (item is not YamlMappingNode)
            {
                yield return (item, y.Entry(item, what).Trim(), null);
                continue;
            }

            if (!PackLists.ContextNames.Contains(list))
            {
                throw y.Error(item, $"list {list} holds texts only; a value with a context ({{ value, context }}) belongs in {string.Join(", ", PackLists.ContextNames)}");
            }

            var v = y.Keys(item, ValueKeys, "a list value");
            var value = y.NonEmpty(y.Required(v, "value", item, "a list value"), "value");
            yield return (item, value, YamlNodes.Get(v, "context") is { } c ? Context(c, list, value) : null);
        }
    }

    private TermContext Context(YamlNode node, string list, string value)
    {
        var what = $"the context of '{value}'";
        var c = y.Keys(node, ContextKeys, what);
        var nearNode = YamlNodes.Get(c, "near")
            ?? throw y.Error(node, $"{what} needs 'near': the words of which one must stand within 'within' words of the value, e.g. near: [Projekt, Launch, project]");
        var within = YamlNodes.Get(c, "within") is { } w ? y.Int(w, "within", 1, MaxWithin) : DefaultWithin;
        var near = Near(nearNode, what);
        if (near.Count == 0)
        {
            throw y.Error(nearNode, $"near of '{value}' has no word left after normalizing; give the words that must stand near it");
        }

        if (near.Any(n => n.Term == Normalizer.NormalizeTerm(value)))
        {
            throw y.Error(nearNode, $"near of '{value}' names the value itself, which never counts as its own context; give other words");
        }

        var key = Key(near, within);
        if (_distinct.TryGetValue(key, out var known))
        {
            return known;
        }

        _nearTerms += near.Count;
        if (_nearTerms > limits.MaxTermsPerPack)
        {
            throw y.Error(nearNode, $"the contexts of list {list} and the lists before it hold more than {limits.MaxTermsPerPack} near words; values that share their words may share one context");
        }

        var context = new TermContext(near, within);
        _distinct[key] = context;
        return context;
    }

    /// <summary>A plain list of terms (each a text or {term, match, endings}) or {terms, match, endings}.</summary>
    private List<TermSpec> Near(YamlNode node, string what)
    {
        var mode = TermMode.Word;
        var endings = TermDefaults.Endings;
        var termsNode = node;
        if (node is YamlMappingNode map)
        {
            if (map.Children.Any(kv => kv.Key is YamlScalarNode { Value: "lists" }))
            {
                var at = map.Children.First(kv => kv.Key is YamlScalarNode { Value: "lists" }).Key;
                throw y.Error(at, $"near in {what} takes words, not lists: a list value cannot refer to lists; write the words");
            }

            var m = y.Keys(node, NearSetKeys, "near in " + what);
            mode = YamlNodes.Get(m, "match") is { } mn ? TermSyntax.Mode(y, mn) : mode;
            endings = YamlNodes.Get(m, "endings") is { } en ? TermSyntax.Endings(y, en) : endings;
            termsNode = y.Required(m, "terms", node, "near in " + what);
        }

        var items = termsNode is YamlScalarNode ? [termsNode] : y.Sequence(termsNode, "near", MaxNearTerms);
        var specs = new List<TermSpec>();
        foreach (var item in items)
        {
            string term;
            var itemMode = mode;
            var itemEndings = endings;
            if (item is YamlScalarNode)
            {
                term = y.Entry(item, "near");
            }
            else
            {
                var t = y.Keys(item, ["term", "match", "endings"], "a term");
                term = y.NonEmpty(y.Required(t, "term", item, "a term"), "term");
                itemMode = YamlNodes.Get(t, "match") is { } tm ? TermSyntax.Mode(y, tm) : mode;
                itemEndings = YamlNodes.Get(t, "endings") is { } te ? TermSyntax.Endings(y, te) : endings;
            }

            if (term.Contains('{', StringComparison.Ordinal) || term.Contains('}', StringComparison.Ordinal))
            {
                throw y.Error(item, $"near word '{term.Trim()}' may not contain '{{' or '}}': a list value's context takes words, not placeholders");
            }

            var normalized = Normalizer.NormalizeTerm(term);
            if (normalized.Length > 0 && !specs.Exists(s => s.Term == normalized && s.Mode == itemMode && s.Endings.SetEquals(itemEndings)))
            {
                specs.Add(new TermSpec(normalized, itemMode, itemEndings));
            }
        }

        return specs;
    }

    private static string Key(List<TermSpec> near, int within)
    {
        var key = new StringBuilder().Append(within);
        foreach (var n in near)
        {
            key.Append('\u0001').Append(n.Term).Append('\u0002').Append((int)n.Mode).Append('\u0002').AppendJoin(',', n.Endings.Order(StringComparer.Ordinal));
        }

        return key.ToString();
    }
}

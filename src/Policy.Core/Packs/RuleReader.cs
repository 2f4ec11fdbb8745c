using System.Globalization;
using System.Text.RegularExpressions;
using Policy.Core.Match.Detectors;
using Policy.Core.Match;
using Policy.Core.Model;
using Policy.Core.Rules;
using YamlDotNet.RepresentationModel;

namespace Policy.Core.Packs;

internal sealed partial class RuleCompiler
{
    /// <summary>The keys of one rule (or one mapping inside it), read for a kind's compile step.</summary>
    private sealed class RuleReader(RuleCompiler c, Dictionary<string, YamlNode> m, YamlNode node, string what) : IRuleReader
    {
        private YamlNodes Y => c.Nodes;

        public string What => what;

        public bool Has(string key) => m.ContainsKey(key);

        public Exception Error(string? key, string message) =>
            Y.Error(key is not null && m.TryGetValue(key, out var value) ? value : node, message);

        private YamlNode Required(string key) => Y.Required(m, key, node, what);

        public TermSet Terms(string key) => c.TermSetNode(Required(key), key);

        public TermSet? OptionalTerms(string key) => m.TryGetValue(key, out var value) ? c.TermSetNode(value, key) : null;

        public TermSet TermsHere(string termsKey) => c.TermSetFromMap(m, node, termsKey);

        public IReadOnlyList<TermSet> TermSets(string key, int min, int max)
        {
            var items = Y.Sequence(Required(key), key, max);
            return items.Count >= min
                ? [.. items.Select(n => c.TermSetNode(n, key))]
                : throw Error(key, $"{key} needs at least {min} term lists, at most {max}");
        }

        public bool Bool(string key, bool fallback) => m.TryGetValue(key, out var value) ? Y.Bool(value, key) : fallback;

        public int Int(string key, int min, int max, int fallback) => m.TryGetValue(key, out var value) ? Y.Int(value, key, min, max) : fallback;

        public double Probability(string key)
        {
            var value = Required(key);
            return double.TryParse(Y.String(value, key), NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && p is > 0 and < 1
                ? p
                : throw Y.Error(value, $"{key} is a probability between 0 and 1 (exclusive), e.g. 0.6");
        }

        public string? Text(string key) => m.TryGetValue(key, out var value) ? Y.NonEmpty(value, key) : null;

        public IReadOnlyList<string> Texts(string key, int max) => Y.Strings(Required(key), key, max);

        public string Choice(string key, IReadOnlyList<string> choices, string fallback)
        {
            if (!m.TryGetValue(key, out var value))
            {
                return fallback;
            }

            var v = Y.String(value, key);
            return choices.Contains(v)
                ? v
                : throw Y.Error(value, $"{key} must be {string.Join(", ", choices.SkipLast(1))} or {choices[^1]}, not '{v}'{YamlNodes.DidYouMean(v, choices)}");
        }

        public LocalizedText Localized(string key) => Y.Localized(Required(key), key);

        public IDetector Detector(string key) => c.Detector(Required(key));

        public IReadOnlyList<IDetector> Detectors(string key) => c.ParseDetectors(Required(key));

        public Regex Regex(string key, DetectorInput input) => c.CompileRegex(Required(key), input);

        public IReadOnlyList<Regex> Regexes(string key, int max) =>
            [.. Y.Sequence(Required(key), key, max).Select(n => c.CompileRegex(n, DetectorInput.Normalized))];

        public TermSet? Keywords() => c.Keywords(m);

        public IReadOnlyList<T> Each<T>(string key, int max, IReadOnlyList<string> keys, string itemWhat, Func<IRuleReader, T> read) =>
            [.. Y.Sequence(Required(key), key, max).Select(item => read(new RuleReader(c, Y.Keys(item, keys, itemWhat), item, itemWhat)))];

        public Match.Model.TextModel Model() =>
            c.Model ?? throw Y.Error(node, "a classifier rule needs a trained model ('model:' in this pack or the pack it extends)");
    }
}

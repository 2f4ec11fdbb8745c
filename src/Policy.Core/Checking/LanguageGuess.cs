using System.Collections.Frozen;

namespace Policy.Core.Checking;

/// <summary>German or English, from the most frequent function words; German wins a tie, as most users write German.</summary>
public static class LanguageGuess
{
    private static readonly FrozenSet<string> German = FrozenSet.ToFrozenSet(
    [
        "der", "die", "das", "und", "ist", "nicht", "ich", "wir", "ihr", "sie", "mit", "fuer", "auf", "den", "dem",
        "ein", "eine", "zu", "im", "bei", "von", "auch", "noch", "heute", "morgen", "mein", "meine", "unser", "unsere",
        "bitte", "danke", "hallo", "schoenen", "lautet", "sind", "wird", "hier", "euch", "uns", "aber", "oder",
    ], StringComparer.Ordinal);

    private static readonly FrozenSet<string> English = FrozenSet.ToFrozenSet(
    [
        "the", "and", "is", "not", "we", "you", "with", "for", "on", "to", "of", "a", "an", "in", "at", "my", "our",
        "your", "please", "thanks", "hello", "are", "will", "this", "that", "it", "be", "have", "has", "i", "us", "but",
        "or", "today", "sorry", "own", "views",
    ], StringComparer.Ordinal);

    // Both lists in one table, true for German (which wins a word both lists hold): one look-up per
    // word of the draft instead of two, as most words are in neither.
    private static readonly FrozenDictionary<string, bool> IsGerman = English.Select(w => KeyValuePair.Create(w, false))
        .Concat(German.Select(w => KeyValuePair.Create(w, true)))
        .GroupBy(p => p.Key, StringComparer.Ordinal)
        .ToFrozenDictionary(g => g.Key, g => g.Any(p => p.Value), StringComparer.Ordinal);

    public static string Guess(string normalized)
    {
        var de = 0;
        var en = 0;
        var functionWords = IsGerman.GetAlternateLookup<ReadOnlySpan<char>>();
        var span = normalized.AsSpan();
        var i = 0;
        while (i < span.Length)
        {
            while (i < span.Length && !char.IsLetter(span[i]))
            {
                i++;
            }

            var start = i;
            while (i < span.Length && char.IsLetter(span[i]))
            {
                i++;
            }

            var word = span[start..i];
            if (word.Length == 0)
            {
                break;
            }

            if (functionWords.TryGetValue(word, out var german))
            {
                if (german)
                {
                    de++;
                }
                else
                {
                    en++;
                }
            }
        }

        return en > de ? "en" : "de";
    }
}

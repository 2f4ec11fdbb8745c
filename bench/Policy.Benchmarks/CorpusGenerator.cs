using System.Globalization;
using System.Text;

namespace Policy.Benchmarks;

/// <summary>
/// Deterministic test data: tweet-length (80–280 chars) German and English employee posts and
/// word-like term lists. Same seed, same output on every machine and .NET version (own PRNG,
/// no <see cref="Random"/>), so figures from different runs are comparable.
/// </summary>
/// <remarks>
/// About 88 % of posts are everyday posts (events, hiring, products, team life). The rest carry
/// what the guideline cares about, in roughly these shares: confidential marker 3 %, IBAN 2 %,
/// e-mail address 2 %, password in prose 2 %, competitor comparison 3 %.
/// </remarks>
public sealed class CorpusGenerator
{
    public const ulong DefaultSeed = 0x5EED_2024_0611UL;

    public const int MinLength = 80;
    public const int MaxLength = 280;

    private readonly Rng _rng;

    public CorpusGenerator(ulong seed = DefaultSeed) => _rng = new Rng(seed);

    /// <summary>What a generated post is meant to contain (for sanity checks of the corpus).</summary>
    public enum PostKind
    {
        Clean,
        Confidential,
        Iban,
        Email,
        Password,
        Competitor,

        /// <summary>
        /// An employee inviting, on a private account, to the employer's product demo: the labelling
        /// policy (docs/detection.md) counts that as promotion without the employee disclaimer
        /// (warn..review), unless a closing says "views are my own". Drawn from the ordinary templates
        /// so the text stream (and the speed corpus) stays the same; not counted as ordinary.
        /// </summary>
        Promotion,
    }

    public static IReadOnlyList<string> Posts(int count, ulong seed = DefaultSeed)
    {
        var g = new CorpusGenerator(seed);
        var posts = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            posts.Add(g.Next(out _));
        }

        return posts;
    }

    /// <summary>The next post; one line, 80–280 characters.</summary>
    public string Next(out PostKind kind)
    {
        var german = _rng.Chance(0.55);
        var roll = _rng.NextDouble();
        kind = roll switch
        {
            < 0.03 => PostKind.Confidential,
            < 0.05 => PostKind.Iban,
            < 0.07 => PostKind.Email,
            < 0.09 => PostKind.Password,
            < 0.12 => PostKind.Competitor,
            _ => PostKind.Clean,
        };

        for (var attempt = 0; ; attempt++)
        {
            var core = kind switch
            {
                PostKind.Confidential => Fill(german ? _rng.Pick(Corpus.DeConfidential) : _rng.Pick(Corpus.EnConfidential), german),
                PostKind.Iban => Fill(german ? _rng.Pick(Corpus.DeIban) : _rng.Pick(Corpus.EnIban), german),
                PostKind.Email => Fill(german ? _rng.Pick(Corpus.DeEmail) : _rng.Pick(Corpus.EnEmail), german),
                PostKind.Password => Fill(german ? _rng.Pick(Corpus.DePassword) : _rng.Pick(Corpus.EnPassword), german),
                PostKind.Competitor => Fill(german ? _rng.Pick(Corpus.DeCompetitor) : _rng.Pick(Corpus.EnCompetitor), german),
                _ => Ordinary(german, ref kind),
            };

            var sb = new StringBuilder(core);
            // Pad short posts with a second everyday sentence, a closing or hashtags, as people do.
            var extras = 0;
            while (sb.Length < MinLength || (extras < 2 && _rng.Chance(0.45)))
            {
                var extra = _rng.NextDouble() switch
                {
                    < 0.45 => Fill(german ? _rng.Pick(Corpus.DeExtra) : _rng.Pick(Corpus.EnExtra), german),
                    < 0.75 => HashTags(german),
                    _ => _rng.Pick(german ? Corpus.DeClosing : Corpus.EnClosing),
                };
                if (sb.Length + 1 + extra.Length > MaxLength)
                {
                    break;
                }

                sb.Append(' ').Append(extra);
                extras++;
            }

            if (_rng.Chance(0.25) && sb.Length + 2 <= MaxLength)
            {
                sb.Append(' ').Append(_rng.Pick(Corpus.Emoji));
            }

            var post = sb.ToString();
            if (post.Length is >= MinLength and <= MaxLength)
            {
                return post;
            }

            if (attempt > 50)
            {
                // Never reached with the templates below; keeps the contract if they change.
                return post.Length > MaxLength ? post[..MaxLength] : post.PadRight(MinLength, '!');
            }
        }
    }

    private string Ordinary(bool german, ref PostKind kind)
    {
        var template = german ? _rng.Pick(Corpus.DeClean) : _rng.Pick(Corpus.EnClean);
        kind = Corpus.Promotions.Contains(template) ? PostKind.Promotion : PostKind.Clean;
        return Fill(template, german);
    }

    private string HashTags(bool german)
    {
        var tags = german ? Corpus.DeTags : Corpus.EnTags;
        var n = _rng.Next(1, 4);
        var sb = new StringBuilder();
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            var tag = _rng.Pick(tags);
            if (!used.Add(tag))
            {
                continue;
            }

            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append('#').Append(tag);
        }

        return sb.ToString();
    }

    /// <summary>Replaces {slot} placeholders with generated values.</summary>
    private string Fill(string template, bool german)
    {
        var sb = new StringBuilder(template.Length + 64);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            if (open < 0)
            {
                sb.Append(template, i, template.Length - i);
                break;
            }

            sb.Append(template, i, open - i);
            var close = template.IndexOf('}', open);
            var slot = template[(open + 1)..close];
            sb.Append(Slot(slot, german));
            i = close + 1;
        }

        return sb.ToString();
    }

    private string Slot(string slot, bool german) => slot switch
    {
        "city" => _rng.Pick(Corpus.Cities),
        "event" => _rng.Pick(Corpus.Events),
        "product" => _rng.Pick(Corpus.Products),
        "version" => string.Create(CultureInfo.InvariantCulture, $"{_rng.Next(1, 9)}.{_rng.Next(0, 20)}"),
        "team" => _rng.Pick(german ? Corpus.DeTeams : Corpus.EnTeams),
        "topic" => _rng.Pick(german ? Corpus.DeTopics : Corpus.EnTopics),
        "job" => _rng.Pick(german ? Corpus.DeJobs : Corpus.EnJobs),
        "n" => _rng.Next(2, 40).ToString(CultureInfo.InvariantCulture),
        "big" => (_rng.Next(2, 300) * 10).ToString(CultureInfo.InvariantCulture),
        "pct" => _rng.Next(3, 60).ToString(CultureInfo.InvariantCulture),
        "day" => _rng.Pick(german ? Corpus.DeDays : Corpus.EnDays),
        "name" => _rng.Pick(Corpus.FirstNames),
        "company" => "Nordlicht Systems",
        "competitor" => _rng.Pick(Corpus.Competitors),
        "codename" => _rng.Pick(Corpus.CodeNames),
        "iban" => Iban(),
        "email" => Email(),
        "password" => Password(),
        _ => throw new InvalidOperationException("unknown slot " + slot),
    };

    /// <summary>A German IBAN with valid check digits, printed in groups of four as people write it.</summary>
    private string Iban()
    {
        var bban = new StringBuilder(18);
        for (var i = 0; i < 18; i++)
        {
            bban.Append((char)('0' + _rng.Next(0, 10)));
        }

        // ISO 13616: move "DE00" to the end, letters to numbers (D=13, E=14), 98 - (n mod 97).
        var digits = bban + "131400";
        var mod = 0;
        foreach (var c in digits)
        {
            mod = ((mod * 10) + (c - '0')) % 97;
        }

        var iban = "DE" + (98 - mod).ToString("00", CultureInfo.InvariantCulture) + bban;
        if (_rng.Chance(0.3))
        {
            return iban;
        }

        var grouped = new StringBuilder();
        for (var i = 0; i < iban.Length; i += 4)
        {
            if (i > 0)
            {
                grouped.Append(' ');
            }

            grouped.Append(iban, i, Math.Min(4, iban.Length - i));
        }

        return grouped.ToString();
    }

    private string Email()
    {
        var first = _rng.Pick(Corpus.FirstNames).ToLowerInvariant();
        var last = _rng.Pick(Corpus.LastNames).ToLowerInvariant().Replace("ü", "ue", StringComparison.Ordinal).Replace("ö", "oe", StringComparison.Ordinal);
        var domain = _rng.Pick(Corpus.MailDomains);
        return _rng.Chance(0.5) ? $"{first}.{last}@{domain}" : $"{first[0]}{last}@{domain}";
    }

    private string Password()
    {
        var word = _rng.Pick(Corpus.PasswordWords);
        var digits = _rng.Next(10, 2030).ToString(CultureInfo.InvariantCulture);
        var symbol = _rng.Pick(Corpus.PasswordSymbols);
        return _rng.Next(0, 3) switch
        {
            0 => word + digits + symbol,
            1 => word + symbol + digits,
            _ => char.ToLowerInvariant(word[0]) + word[1..] + "_" + digits,
        };
    }

    /// <summary>
    /// <paramref name="count"/> distinct word-like terms as a company pack would list them: German
    /// compounds, English phrases, project code names (some as "Projekt X" / "Project X"), company and
    /// product names, and a few dozen real words. Deterministic, and every shorter list is a prefix
    /// of a longer one (the 100 terms are the first 100 of the 10,000).
    /// </summary>
    public static IReadOnlyList<string> Terms(int count, ulong seed = DefaultSeed ^ 0x7E12_5UL)
    {
        var rng = new Rng(seed);
        var terms = new List<string>(count);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var real = 0;
        while (terms.Count < count)
        {
            string term;
            var roll = rng.NextDouble();
            if (roll < 0.04 && real < TermParts.RealWords.Length)
            {
                // Real words employees write (and monitoring lists watch), so lists find something.
                term = TermParts.RealWords[real++];
            }
            else if (roll < 0.34)
            {
                term = rng.Pick(TermParts.DeHeads) + rng.Pick(TermParts.DeTails);
            }
            else if (roll < 0.52)
            {
                term = rng.Pick(TermParts.EnHeads) + " " + rng.Pick(TermParts.EnTails);
            }
            else if (roll < 0.80)
            {
                var name = CodeName(rng);
                term = rng.NextDouble() switch
                {
                    < 0.15 => "Projekt " + name,
                    < 0.30 => "Project " + name,
                    < 0.36 => "Operation " + name,
                    _ => name,
                };
            }
            else
            {
                term = CodeName(rng) + " " + rng.Pick(TermParts.CompanySuffixes);
            }

            if (seen.Add(term))
            {
                terms.Add(term);
            }
        }

        return terms;
    }

    private static string CodeName(Rng rng)
    {
        var syllables = rng.Next(2, 4);
        var sb = new StringBuilder();
        for (var i = 0; i < syllables; i++)
        {
            sb.Append(rng.Pick(TermParts.Syllables));
        }

        sb[0] = char.ToUpperInvariant(sb[0]);
        return sb.ToString();
    }
}

/// <summary>SplitMix64: tiny, fast and the same everywhere.</summary>
internal sealed class Rng(ulong seed)
{
    private ulong _state = seed;

    public ulong NextULong()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>An integer in [min, max).</summary>
    public int Next(int min, int max) => min + (int)(NextULong() % (ulong)(max - min));

    public bool Chance(double p) => NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(0, items.Count)];
}

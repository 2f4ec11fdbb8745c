using Dapper;
using Policy.Api.Audit;
using Policy.Api.Store;
using Policy.Core.Match;
using Policy.Core.Normalize;

namespace Policy.Api.Monitoring;

/// <summary>A watched term.</summary>
/// <param name="Category">company, product, competitor, critic, crisis or other.</param>
/// <param name="Match">word (whole word with inflection endings, as in packs), compound (also inside compounds) or hashtag (also as #hashtag).</param>
/// <param name="Crisis">A spike of this term suggests switching crisis mode on.</param>
public sealed record WatchTerm(string Id, string Term, string Category, string Match, bool Crisis, string CreatedAt, string CreatedBy);

/// <summary>
/// The monitoring watchlist in the store (<c>monitoring_terms</c>), compiled into the engine's
/// term matcher: the same normalization (case, umlauts, look-alikes, spaced letters) and the same
/// word forms (inflection endings, compounds, hashtags) as a pack's terms rules. The compiled
/// snapshot is swapped after every change, and reloaded when another instance announces one.
/// </summary>
public sealed class WatchlistStore
{
    public const string Topic = "monitoring";

    public static readonly IReadOnlyList<string> Categories = ["company", "product", "competitor", "critic", "crisis", "other"];

    public static readonly IReadOnlyList<string> Modes = ["word", "compound", "hashtag"];

    private readonly Database _db;
    private readonly AuditLog _audit;
    private readonly TimeProvider _time;
    private Compiled _compiled;

    public WatchlistStore(Database db, AuditLog audit, TimeProvider time, StoreChanges changes)
    {
        _db = db;
        _audit = audit;
        _time = time;
        _compiled = Load();
        changes.Subscribe(Topic, Reload);
    }

    /// <summary>The terms and their matcher; set i of the index is term i.</summary>
    public sealed record Compiled(IReadOnlyList<WatchTerm> Terms, TermIndex Index)
    {
        /// <summary>The terms mentioned in <paramref name="text"/>.</summary>
        public IReadOnlyList<WatchTerm> Match(string text)
        {
            if (Terms.Count == 0)
            {
                return [];
            }

            var hits = Index.Scan(Normalizer.Normalize(text).Text);
            return [.. Terms.Where((_, i) => hits.Any(i))];
        }
    }

    public Compiled Current => Volatile.Read(ref _compiled);

    public void Reload() => Volatile.Write(ref _compiled, Load());

    public WatchTerm Add(string actor, string term, string category, string match, bool crisis)
    {
        var id = Guid.CreateVersion7(_time.GetUtcNow()).ToString();
        using (var connection = _db.Open())
        using (var tx = _db.BeginWrite(connection))
        {
            connection.Execute(
                """
                INSERT INTO monitoring_terms (id, term, category, match_mode, crisis, active, created_at, created_by)
                VALUES (@id, @term, @category, @match, @crisis, 1, @now, @actor)
                """,
                new { id, term, category, match, crisis = crisis ? 1 : 0, now = StoreTime.Stamp(_time.GetUtcNow()), actor },
                tx);
            _audit.Append(connection, tx, actor, AuditAction.MonitoringTermAdded, "term/" + id, new { term, category, match, crisis });
            _db.Announce(connection, tx, Topic);
            tx.Commit();
        }

        Reload();
        return Current.Terms.First(t => t.Id == id);
    }

    public bool Remove(string actor, string id)
    {
        using (var connection = _db.Open())
        using (var tx = _db.BeginWrite(connection))
        {
            var term = connection.QuerySingleOrDefault<string>("SELECT term FROM monitoring_terms WHERE id = @id AND active = 1", new { id }, tx);
            if (term is null)
            {
                return false;
            }

            // Kept inactive rather than deleted: alerts and volumes still name it.
            connection.Execute("UPDATE monitoring_terms SET active = 0 WHERE id = @id", new { id }, tx);
            _audit.Append(connection, tx, actor, AuditAction.MonitoringTermRemoved, "term/" + id, new { term });
            _db.Announce(connection, tx, Topic);
            tx.Commit();
        }

        Reload();
        return true;
    }

    /// <summary>The normalized form the matcher looks for; empty if nothing is left (only punctuation, say).</summary>
    public static string NormalizedForm(string term) => Normalizer.NormalizeTerm(term);

    private Compiled Load()
    {
        using var connection = _db.Open();
        var terms = connection.Query<(string Id, string Term, string Category, string Match, long Crisis, string CreatedAt, string CreatedBy)>(
                "SELECT id, term, category, match_mode, crisis, created_at, created_by FROM monitoring_terms WHERE active = 1 ORDER BY created_at, id")
            .Select(r => new WatchTerm(r.Id, r.Term, r.Category, r.Match, r.Crisis != 0, r.CreatedAt, r.CreatedBy))
            .ToList();
        var builder = new TermIndexBuilder();
        foreach (var t in terms)
        {
            var mode = t.Match switch { "compound" => TermMode.Compound, "hashtag" => TermMode.Hashtag, _ => TermMode.Word };
            builder.AddSet([new TermSpec(NormalizedForm(t.Term), mode, TermDefaults.Endings)]);
        }

        return new Compiled(terms, builder.Build());
    }
}

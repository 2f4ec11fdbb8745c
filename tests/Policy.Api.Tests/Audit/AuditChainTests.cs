using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Policy.Api.Audit;
using Policy.Api.Store;

namespace Policy.Api.Tests.Audit;

/// <summary>
/// The audit log is a keyed hash chain with its head outside the audit table: altering, removing,
/// truncating, renumbering or recomputing rows by hand is found, and named; so is a change to a
/// covered row (keys and roles, spokespeople, crisis mode, the active pack) made outside the API.
/// </summary>
public sealed class AuditChainTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(ApiFactory Factory, HttpClient Admin)> WithChangesAsync()
    {
        var factory = new ApiFactory();
        var admin = factory.ClientWithKey(ApiFactory.AdminKey);
        for (var i = 0; i < 5; i++)
        {
            var created = await admin.PostAsJsonAsync("/api/v1/keys", new { personId = $"p{i}", displayName = $"Person {i}", email = $"p{i}@example.org", roles = new[] { "employee" } }, Ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        return (factory, admin);
    }

    private static System.Data.Common.DbConnection Open(ApiFactory factory) => factory.OpenDatabase();

    [Fact]
    public async Task An_untouched_chain_verifies_and_every_change_is_in_it()
    {
        var (factory, admin) = await WithChangesAsync();
        using (factory)
        {
            var verify = await admin.GetFromJsonAsync<JsonObject>("/api/v1/audit/verify", Ct);
            Assert.True((bool)verify!["intact"]!, verify.ToJsonString());
            var entries = await admin.GetFromJsonAsync<JsonArray>("/api/v1/audit?limit=1000", Ct);
            Assert.True(entries!.Count(e => (string?)e!["action"] == "key.created") >= 6); // the bootstrap admin key and five more
            // The actor is the person behind the key that made the change, never a value from the request.
            Assert.Equal(5, entries!.Count(e => (string?)e!["action"] == "key.created" && (string?)e["actor"] == "admin"));
        }
    }

    [Fact]
    public async Task A_row_altered_by_hand_is_named_as_the_first_broken_link()
    {
        var (factory, admin) = await WithChangesAsync();
        using (factory)
        {
            long altered;
            using (var db = Open(factory))
            {
                altered = db.QuerySingle<long>("SELECT seq FROM audit ORDER BY seq LIMIT 1 OFFSET 3");
                db.Execute("UPDATE audit SET actor = 'mallory' WHERE seq = @altered", new { altered });
            }

            var verify = await admin.GetFromJsonAsync<JsonObject>("/api/v1/audit/verify", Ct);
            Assert.False((bool)verify!["intact"]!);
            Assert.Equal(altered, (long)verify["firstBrokenSeq"]!);
        }
    }

    [Fact]
    public async Task A_row_removed_by_hand_breaks_the_chain_at_its_successor()
    {
        var (factory, admin) = await WithChangesAsync();
        using (factory)
        {
            long removed, successor;
            using (var db = Open(factory))
            {
                removed = db.QuerySingle<long>("SELECT seq FROM audit ORDER BY seq LIMIT 1 OFFSET 2");
                successor = db.QuerySingle<long>("SELECT MIN(seq) FROM audit WHERE seq > @removed", new { removed });
                db.Execute("DELETE FROM audit WHERE seq = @removed", new { removed });
            }

            var verify = await admin.GetFromJsonAsync<JsonObject>("/api/v1/audit/verify", Ct);
            Assert.False((bool)verify!["intact"]!);
            Assert.Equal(successor, (long)verify["firstBrokenSeq"]!);
        }
    }

    private static async Task<JsonObject> VerifyAsync(HttpClient admin) =>
        (await admin.GetFromJsonAsync<JsonObject>("/api/v1/audit/verify", Ct))!;

    private static async Task AssertBrokenAsync(HttpClient admin, string because)
    {
        var verify = await VerifyAsync(admin);
        Assert.False((bool)verify["intact"]!, because + ": " + verify.ToJsonString());
        Assert.False(string.IsNullOrEmpty((string?)verify["reason"]), verify.ToJsonString());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Removing_the_newest_entries_is_found(int removed)
    {
        var (factory, admin) = await WithChangesAsync();
        using (factory)
        {
            using (var db = Open(factory))
            {
                var from = db.QuerySingle<long>($"SELECT seq FROM audit ORDER BY seq DESC LIMIT 1 OFFSET {removed - 1}");
                db.Execute("DELETE FROM audit WHERE seq >= @from", new { from });
            }

            await AssertBrokenAsync(admin, $"the newest {removed} entries were deleted");
        }
    }

    [Fact]
    public async Task Removing_every_entry_is_found()
    {
        var (factory, admin) = await WithChangesAsync();
        using (factory)
        {
            using (var db = Open(factory))
            {
                db.Execute("DELETE FROM audit");
            }

            await AssertBrokenAsync(admin, "all entries were deleted");

            // And with the head record gone too, the keys that exist have no entry any more.
            using (var db = Open(factory))
            {
                db.Execute("DELETE FROM audit_head");
            }

            var verify = await VerifyAsync(admin);
            Assert.False((bool)verify["intact"]!, verify.ToJsonString());
            Assert.StartsWith("api_keys/", (string?)verify["brokenRow"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Removing_the_head_record_is_found()
    {
        var (factory, admin) = await WithChangesAsync();
        using (factory)
        {
            using (var db = Open(factory))
            {
                db.Execute("DELETE FROM audit_head");
            }

            await AssertBrokenAsync(admin, "the head record was deleted");
        }
    }

    [Fact]
    public async Task Renumbering_an_entry_is_found()
    {
        var (factory, admin) = await WithChangesAsync();
        using (factory)
        {
            long last;
            using (var db = Open(factory))
            {
                last = db.QuerySingle<long>("SELECT MAX(seq) FROM audit");
                db.Execute("UPDATE audit SET seq = seq + 1000 WHERE seq = @last", new { last });
            }

            var verify = await VerifyAsync(admin);
            Assert.False((bool)verify["intact"]!, verify.ToJsonString());
            Assert.Equal(last + 1000, (long)verify["firstBrokenSeq"]!);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_chain_recomputed_with_plain_sha256_after_an_edit_is_found(bool markedUnkeyed)
    {
        var (factory, admin) = await WithChangesAsync();
        using (factory)
        {
            using (var db = Open(factory))
            {
                // What an attacker without the key can do: edit a row, then recompute every hash
                // from there as the old chain did (SHA-256 of the length-prefixed fields).
                var entries = db.Query<(long Seq, string At, string Actor, string Action, string Subject, string Details, string PrevHash)>(
                    "SELECT seq, at, actor, action, subject, details, prev_hash FROM audit ORDER BY seq").ToList();
                var prev = AuditLog.Genesis;
                foreach (var e in entries)
                {
                    var actor = e.Seq == entries[2].Seq ? "mallory" : e.Actor;
                    var sb = new System.Text.StringBuilder();
                    foreach (var field in new[] { prev, e.At, actor, e.Action, e.Subject, e.Details })
                    {
                        sb.Append(field.Length).Append(':').Append(field).Append('|');
                    }

                    var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(sb.ToString())));
                    db.Execute(
                        markedUnkeyed
                            ? "UPDATE audit SET actor = @actor, prev_hash = @prev, hash = @hash, keyed = 0 WHERE seq = @seq"
                            : "UPDATE audit SET actor = @actor, prev_hash = @prev, hash = @hash WHERE seq = @seq",
                        new { actor, prev, hash, seq = e.Seq });
                    prev = hash;
                }
            }

            await AssertBrokenAsync(admin, "the chain was recomputed without the key");
        }
    }

    public static TheoryData<string, string> CoveredChanges => new()
    {
        { "UPDATE api_keys SET roles = 'admin,employee' WHERE person_id = 'p1'", "api_keys/" },
        { "UPDATE api_keys SET revoked_at = NULL, revoked_by = NULL WHERE person_id = 'p2'", "api_keys/" },
        { "UPDATE crisis_mode SET reason = 'nichts passiert'", "crisis_mode/" },
        { "UPDATE active_versions SET activated_by = 'mallory'", "active_versions/" },
        { "INSERT INTO api_keys (id, person_id, key_hash, prefix, roles, created_at, created_by) VALUES ('k-mallory', 'p3', 'x', 'pk_', 'admin', '2025-01-01T00:00:00Z', 'mallory')", "api_keys/k-mallory" },
    };

    [Theory]
    [MemberData(nameof(CoveredChanges))]
    public async Task A_covered_row_changed_outside_the_api_is_found_and_named(string change, string row)
    {
        var (factory, admin) = await WithChangesAsync();
        using (factory)
        {
            var hr = factory.ClientAs("hr");
            Assert.Equal(HttpStatusCode.OK, (await hr.PutAsJsonAsync("/api/v1/crisis", new { active = true, reason = "Rückruf" }, Ct)).StatusCode);
            var keys = await admin.GetFromJsonAsync<JsonArray>("/api/v1/keys", Ct);
            var p2 = (string)keys!.First(k => (string?)k!["personId"] == "p2")!["id"]!;
            Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/keys/{p2}", Ct)).StatusCode);
            var before = await VerifyAsync(admin);
            Assert.True((bool)before["intact"]!, before.ToJsonString());
            Assert.True((long)before["coveredRows"]! >= 8, before.ToJsonString());

            using (var db = Open(factory))
            {
                Assert.True(db.Execute(change) > 0, change);
            }

            var verify = await VerifyAsync(admin);
            Assert.False((bool)verify["intact"]!, verify.ToJsonString());
            Assert.StartsWith(row, (string?)verify["brokenRow"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Changes_through_the_api_keep_the_chain_and_the_rows_intact()
    {
        var (factory, admin) = await WithChangesAsync();
        using (factory)
        {
            var hr = factory.ClientAs("hr");
            Assert.Equal(HttpStatusCode.OK, (await hr.PutAsJsonAsync("/api/v1/crisis", new { active = true, reason = "Rückruf" }, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await hr.PutAsJsonAsync("/api/v1/crisis", new { active = false, reason = "vorbei" }, Ct)).StatusCode);
            var keys = await admin.GetFromJsonAsync<JsonArray>("/api/v1/keys", Ct);
            Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/keys/{keys![1]!["id"]}", Ct)).StatusCode);

            var verify = await VerifyAsync(admin);
            Assert.True((bool)verify["intact"]!, verify.ToJsonString());
        }
    }

    [Fact]
    public async Task A_chain_from_before_the_key_is_keyed_once_on_start_and_stays_verifiable()
    {
        var (factory, admin) = await WithChangesAsync();
        using (factory)
        {
            using (var db = Open(factory))
            {
                // The store as the previous version left it: plain SHA-256 entries, no head, no covered rows.
                var entries = db.Query<(long Seq, string At, string Actor, string Action, string Subject, string Details)>(
                    "SELECT seq, at, actor, action, subject, details FROM audit ORDER BY seq").ToList();
                var prev = AuditLog.Genesis;
                foreach (var e in entries)
                {
                    // That version wrote instants in .NET's "O" form (…+00:00), and hashed them so.
                    var at = e.At[..27] + "+00:00";
                    var sb = new System.Text.StringBuilder();
                    foreach (var field in new[] { prev, at, e.Actor, e.Action, e.Subject, e.Details })
                    {
                        sb.Append(field.Length).Append(':').Append(field).Append('|');
                    }

                    var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(sb.ToString())));
                    db.Execute(
                        "UPDATE audit SET at = @at, prev_hash = @prev, hash = @hash, keyed = 0, row_table = NULL, row_key = NULL, row_hash = NULL WHERE seq = @seq",
                        new { at, prev, hash, seq = e.Seq });
                    prev = hash;
                }

                db.Execute("DELETE FROM audit_head");
            }

            // What start-up does: key the chain once, recording the covered rows as found.
            var audit = factory.Services.GetRequiredService<AuditLog>();
            audit.KeyTheChain();
            var verify = await VerifyAsync(admin);
            Assert.True((bool)verify["intact"]!, verify.ToJsonString());
            var log = audit.List(0, 1000);
            Assert.Single(log, e => e.Action == "audit.keyed");
            Assert.Contains(log, e => e.Action == "audit.covered" && e.Subject.StartsWith("api_keys/", StringComparison.Ordinal));

            audit.KeyTheChain();
            Assert.Equal(log.Count, audit.List(0, 1000).Count);

            // The unkeyed part is still held in place by the keyed entries after it.
            using (var db = Open(factory))
            {
                db.Execute("UPDATE audit SET actor = 'mallory' WHERE seq = (SELECT MIN(seq) FROM audit)");
            }

            await AssertBrokenAsync(admin, "an unkeyed entry was altered");
        }
    }
}

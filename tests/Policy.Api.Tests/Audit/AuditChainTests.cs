using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Policy.Api.Store;

namespace Policy.Api.Tests.Audit;

/// <summary>The audit log is a hash chain: altering or removing a row by hand is found, and named.</summary>
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
}

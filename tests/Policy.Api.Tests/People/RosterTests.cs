using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Policy.Api.Tests.People;

/// <summary>
/// HR's roster: people imported from a CSV count for acknowledgements before they ever sign in;
/// a file with a mistake changes nothing and names line and column; replace takes people off the
/// roster; offboarding revokes keys, takes people off the list and keeps the last admin key.
/// </summary>
public sealed class RosterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpResponseMessage> ImportAsync(HttpClient client, string csv, string? mode = null, string type = "text/csv")
    {
        var content = new ByteArrayContent([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(type) { CharSet = "utf-8" };
        return await client.PostAsync("/api/v1/people/roster" + (mode is null ? string.Empty : "?mode=" + mode), content, Ct);
    }

    private static async Task<JsonObject> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    private static async Task<JsonObject> AcknowledgementsAsync(HttpClient hr) =>
        await Json(await hr.GetAsync("/api/v1/acknowledgements", Ct), HttpStatusCode.OK);

    private static List<string> Ids(JsonObject list, string part) => [.. list[part]!.AsArray().Select(p => (string)p!["personId"]!)];

    [Fact]
    public async Task People_on_the_roster_count_for_acknowledgements_before_they_ever_sign_in()
    {
        await using var factory = new ApiFactory();
        var hr = factory.ClientAs("hr");
        var before = await AcknowledgementsAsync(hr);

        // Excel's German CSV: semicolons, a BOM, a quoted name with a semicolon in it, a blank last line.
        var csv = "Personalnummer;Name;E-Mail\r\nk.berg;\"Berg; Karin\";k.berg@acme.example\r\nt.ozturk;Tarık Öztürk;t.oeztuerk@acme.example\r\nj.weiss;Jana Weiß;j.weiss@acme.example\r\n\r\n";
        var result = await Json(await ImportAsync(hr, csv), HttpStatusCode.OK);
        Assert.Equal(3, (int)result["rows"]!);
        Assert.Equal(3, (int)result["created"]!);

        var list = await AcknowledgementsAsync(hr);
        Assert.Equal((int)before["people"]! + 3, (int)list["people"]!);
        Assert.Equal((int)before["pendingCount"]! + 3, (int)list["pendingCount"]!);
        Assert.Contains("k.berg", Ids(list, "pending"));
        var berg = list["pending"]!.AsArray().Single(p => (string)p!["personId"]! == "k.berg")!;
        Assert.Equal("Berg; Karin", (string?)berg["displayName"]);
        Assert.Equal("Tarık Öztürk", (string?)list["pending"]!.AsArray().Single(p => (string)p!["personId"]! == "t.ozturk")!["displayName"]);

        // The CSV export counts them too.
        var export = await hr.GetStringAsync("/api/v1/acknowledgements.csv", Ct);
        Assert.Contains("j.weiss", export, StringComparison.Ordinal);

        // When one of them later gets a key and acknowledges, they move from pending to acknowledged.
        var keys = factory.Services.GetService(typeof(Policy.Api.Identity.ApiKeyStore)) as Policy.Api.Identity.ApiKeyStore;
        var key = keys!.Create("test", "j.weiss", "Jana Weiß", "j.weiss@acme.example", ["employee"]).Key;
        using var jana = factory.ClientWithKey(key);
        Assert.Equal(HttpStatusCode.OK, (await jana.PostAsync("/api/v1/guideline/acknowledgements", null, Ct)).StatusCode);
        var after = await AcknowledgementsAsync(hr);
        Assert.Contains("j.weiss", Ids(after, "acknowledged"));
        Assert.DoesNotContain("j.weiss", Ids(after, "pending"));
        Assert.Equal((int)list["people"]!, (int)after["people"]!);

        // Importing the same file again changes nothing.
        var again = await Json(await ImportAsync(hr, csv), HttpStatusCode.OK);
        Assert.Equal(0, (int)again["created"]!);
        Assert.Equal(3, (int)again["unchanged"]! + (int)again["updated"]!);
    }

    [Fact]
    public async Task A_roster_with_a_mistake_changes_nothing_and_names_line_and_column()
    {
        await using var factory = new ApiFactory();
        var hr = factory.ClientAs("hr");
        var people = await hr.GetStringAsync("/api/v1/people", Ct);

        var csv = "personId,displayName,email\nok.person,Ok Person,ok@acme.example\nbad id,Someone,someone@acme.example\nok.person,Twice,twice@acme.example\nno.mail,No Mail,not-an-address\n";
        var problem = await Json(await ImportAsync(hr, csv), HttpStatusCode.BadRequest);
        var errors = problem["errors"]!["roster"]!.AsArray().Select(e => (string)e!).ToList();
        Assert.Contains(errors, e => e.StartsWith("line 3, column personId:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("line 4, column personId:", StringComparison.Ordinal) && e.Contains("line 2", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("line 5, column email:", StringComparison.Ordinal));
        Assert.Equal(people, await hr.GetStringAsync("/api/v1/people", Ct));

        var header = await Json(await ImportAsync(hr, "id;vorname\nx;y\n"), HttpStatusCode.BadRequest);
        Assert.Contains("no column 'displayName'", header["errors"]!["roster"]![0]!.ToString(), StringComparison.Ordinal);

        var unclosed = await Json(await ImportAsync(hr, "personId,displayName,email\n\"open,Name,a@b.example\n"), HttpStatusCode.BadRequest);
        Assert.Contains("not closed", unclosed["errors"]!["roster"]![0]!.ToString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await ImportAsync(hr, "{}", type: "application/json")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ImportAsync(hr, "personId,displayName,email\n", mode: "everything")).StatusCode);
        Assert.Equal(people, await hr.GetStringAsync("/api/v1/people", Ct));
    }

    [Fact]
    public async Task Replace_takes_people_who_are_not_in_the_file_off_the_roster()
    {
        await using var factory = new ApiFactory();
        var hr = factory.ClientAs("hr");
        await Json(await ImportAsync(hr, "personId,displayName,email\na.alt,Anna Alt,a@acme.example\nb.bleibt,Ben Bleibt,b@acme.example\n"), HttpStatusCode.OK);
        var replaced = await Json(await ImportAsync(hr, "personId,displayName,email\nb.bleibt,Ben Bleibt,b@acme.example\nc.neu,Cem Neu,c@acme.example\n", mode: "replace"), HttpStatusCode.OK);
        Assert.Equal(1, (int)replaced["removedFromRoster"]!);
        Assert.Equal(1, (int)replaced["created"]!);

        var pending = Ids(await AcknowledgementsAsync(hr), "pending");
        Assert.DoesNotContain("a.alt", pending);
        Assert.Contains("b.bleibt", pending);
        Assert.Contains("c.neu", pending);
        var people = await hr.GetFromJsonAsync<JsonArray>("/api/v1/people", Ct);
        Assert.False((bool)people!.Single(p => (string)p!["id"]! == "a.alt")!["onRoster"]!);
    }

    [Fact]
    public async Task Offboarding_revokes_keys_takes_the_person_off_the_list_and_keeps_the_last_admin_key()
    {
        await using var factory = new ApiFactory();
        var hr = factory.ClientAs("hr");
        var (leaver, _, key) = factory.NewPerson("Leaver", "employee");
        await Json(await ImportAsync(hr, $"personId,displayName,email\n{leaver},Leaver,{leaver}@example.org\n"), HttpStatusCode.OK);
        using var leaverClient = factory.ClientWithKey(key);
        Assert.Equal(HttpStatusCode.OK, (await leaverClient.GetAsync("/api/v1/me", Ct)).StatusCode);
        Assert.Contains(leaver, Ids(await AcknowledgementsAsync(hr), "pending"));

        var done = await Json(await hr.PostAsync($"/api/v1/people/{leaver}/offboard", null, Ct), HttpStatusCode.OK);
        Assert.Equal(1, (int)done["keysRevoked"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, (await leaverClient.GetAsync("/api/v1/me", Ct)).StatusCode);
        Assert.DoesNotContain(leaver, Ids(await AcknowledgementsAsync(hr), "pending"));
        var again = await Json(await hr.PostAsync($"/api/v1/people/{leaver}/offboard", null, Ct), HttpStatusCode.OK);
        Assert.Equal(0, (int)again["keysRevoked"]!);
        Assert.Equal((string?)done["offboardedAt"], (string?)again["offboardedAt"]);

        // The audit trail names each revoked key and the offboarding, and still verifies.
        using var admin = factory.ClientWithKey(ApiFactory.AdminKey);
        var verify = await admin.GetFromJsonAsync<JsonObject>("/api/v1/audit/verify", Ct);
        Assert.True((bool)verify!["intact"]!, verify.ToJsonString());

        // The person holding the only admin key cannot be offboarded: nobody could manage keys after.
        var lastAdmin = await Json(await hr.PostAsync("/api/v1/people/admin/offboard", null, Ct), HttpStatusCode.Conflict);
        Assert.Contains("last active admin key", (string?)lastAdmin["title"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await hr.PostAsync("/api/v1/people/nobody-here/offboard", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task The_key_list_shows_when_a_key_was_last_used()
    {
        await using var factory = new ApiFactory();
        var (userId, _, key) = factory.NewPerson("User", "employee");
        var (unusedId, _, _) = factory.NewPerson("Unused", "employee");
        using var admin = factory.ClientWithKey(ApiFactory.AdminKey);
        using var user = factory.ClientWithKey(key);
        var before = await admin.GetFromJsonAsync<JsonArray>("/api/v1/keys", Ct);
        Assert.Null(before!.Single(k => (string)k!["personId"]! == userId)!["lastUsedAt"]);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/v1/me", Ct)).StatusCode);

        var keys = await admin.GetFromJsonAsync<JsonArray>("/api/v1/keys", Ct);
        Assert.NotNull((string?)keys!.Single(k => (string)k!["personId"]! == userId)!["lastUsedAt"]);
        Assert.Null(keys!.Single(k => (string)k!["personId"]! == unusedId)!["lastUsedAt"]);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace Policy.Api.Tests.Decisions;

/// <summary>Drafts with a password and an IBAN go through HTTP; afterwards neither the database files nor any log line holds them.</summary>
public sealed class DecisionPrivacyTests
{
    // Values that appear in no pack: the packs' own examples are stored with the packs (HR's test
    // texts, not drafts), so the search must look for drafts only an employee sent.
    private const string Password = "Holunder#4711x";
    private const string Iban = "DE02 1203 0000 0000 2020 51";
    private const string PasswordDraft = "Kurze Info fürs Lager-Team: das WLAN-Passwort lautet " + Password + ", bitte nicht weitersagen.";
    private const string IbanDraft = "Spenden für die Tombola bitte an IBAN " + Iban + " (Kontoinhaberin Wiltrud Quastenberger), danke!";
    private const string IbanCompactDraft = "Überweisung bitte an DE02120300000000202051 bis Freitag.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Neither_database_files_nor_logs_contain_the_password_the_iban_or_the_draft()
    {
        using var host = new DecisionHost();
        var client = host.ClientAs("paula", "employee");

        foreach (var text in new[] { PasswordDraft, IbanDraft, IbanCompactDraft })
        {
            var single = await client.PostAsJsonAsync("/api/v1/checks", new { text, language = "de" }, Ct);
            Assert.Equal(HttpStatusCode.OK, single.StatusCode);
            Assert.NotEqual("allow", (await single.Content.ReadFromJsonAsync<CheckResponse>(Ct))!.Decision);
        }

        var batch = await client.PostAsJsonAsync("/api/v1/checks/batch", new { items = new[] { new { text = PasswordDraft }, new { text = IbanDraft }, new { text = IbanCompactDraft } } }, Ct);
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);

        // The error paths must not log or echo the body either: invalid field, broken JSON.
        var invalid = await client.PostAsJsonAsync("/api/v1/checks", new { text = PasswordDraft, language = "fr" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var broken = await client.PostAsync("/api/v1/checks", new StringContent("{\"text\":\"" + IbanDraft + "\", \"language\": de}", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.DoesNotContain(Password, await invalid.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("2020 51", await broken.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var mine = await client.GetStringAsync("/api/v1/decisions/mine", Ct);
        Assert.Equal(6, System.Text.Json.Nodes.JsonNode.Parse(mine)!["items"]!.AsArray().Count);

        string[] needles =
        [
            Password,
            "Holunder",
            Iban,
            Iban.Replace(" ", string.Empty, StringComparison.Ordinal),
            "0000 2020 51",
            "0000202051",
            PasswordDraft,
            IbanDraft,
            IbanCompactDraft,
            Policy.Core.Normalize.Normalizer.Normalize(PasswordDraft).Text,
            Policy.Core.Normalize.Normalizer.Normalize(IbanDraft).Text,
            "Quastenberger",
            "Tombola",
        ];

        Assert.NotEmpty(host.Logs.Lines);
        List<string> files;
        if (host.Backend.IsPostgres)
        {
            // The server's files are not ours to read; every row of every table, as text, is.
            SearchEveryRow(host.Backend, needles);
            files = SearchDataDirectory(host.DataDirectory, needles, expectDatabase: false);
            await host.Factory.DisposeAsync();
        }
        else
        {
            files = SearchDataDirectory(host.DataDirectory, needles);
            Assert.Contains(files, f => f.EndsWith("policy.db-wal", StringComparison.Ordinal));

            // Stop the server (connections close, the WAL is checkpointed into the file) and look again.
            await host.Factory.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            SearchDataDirectory(host.DataDirectory, needles);
        }

        var logs = host.Logs.All;
        foreach (var needle in needles)
        {
            Assert.False(logs.Contains(needle, StringComparison.OrdinalIgnoreCase), $"the logs contain '{needle}'");
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"searched {files.Count} files and {host.Logs.Lines.Count} log lines for {needles.Length} strings: none found");
    }

    /// <summary>
    /// A draft shared with a review (with the author's consent) is in the store only sealed: the
    /// raw files and rows never hold it, every row of every table opened with the text key does;
    /// after the review closes and the retention passes, the sweep deletes it, and neither holds it.
    /// Without consent it is never stored at all.
    /// </summary>
    [Fact]
    public async Task A_draft_shared_with_a_review_is_stored_only_sealed_and_is_gone_after_the_retention()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        using var host = new DecisionHost(time, new Dictionary<string, string>
        {
            ["Policy:Reviews:TextRetention"] = "02:00:00",
            ["Policy:Reviews:ReportTextRetention"] = "02:00:00",
            ["Policy:Reviews:SweepInterval"] = "00:10:00",
        });
        var author = host.ClientAs("paula", "employee");
        var hr = host.ClientAs("hanna", "hr");
        const string Shared = "Im Namen der Geschäftsführung: Der Umsatz der Quastenberger-Sparte ist gestiegen.";
        const string NotShared = "Im Namen der Geschäftsführung: Die Tombola-Sparte wächst.";
        string[] needles = [Shared, "Quastenberger", Policy.Core.Normalize.Normalizer.Normalize(Shared).Text];

        var shared = await CheckAsync(author, Shared);
        var notShared = await CheckAsync(author, NotShared);
        Assert.Equal(HttpStatusCode.Created, (await author.PostAsJsonAsync("/api/v1/reviews", new { checkId = shared.CheckId, text = Shared, shareText = true }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await author.PostAsJsonAsync("/api/v1/reviews", new { checkId = notShared.CheckId }, Ct)).StatusCode);
        var ruleId = shared.Findings[0].RuleId;
        Assert.Equal(HttpStatusCode.Created, (await author.PostAsJsonAsync("/api/v1/false-positives", new { checkId = shared.CheckId, ruleId, text = Shared, shareText = true }, Ct)).StatusCode);

        // Before: encrypted at rest (no raw row or file holds it), but the store holds it, sealed, twice.
        SearchRawRows(host.Backend, needles);
        if (!host.Backend.IsPostgres)
        {
            SearchDataDirectory(host.DataDirectory, needles);
        }

        Assert.Equal(2, SealedRowsHolding(host, Shared));
        Assert.Equal(0, SealedRowsHolding(host, NotShared));
        Assert.Contains(Shared, await hr.GetStringAsync("/api/v1/false-positives/examples.jsonl", Ct), StringComparison.Ordinal);

        // The review closes; the text stays for the retention, then the sweep deletes it (and the report's).
        var queue = System.Text.Json.Nodes.JsonNode.Parse(await hr.GetStringAsync("/api/v1/reviews/queue", Ct))!.AsArray();
        var id = (string)queue.Single(r => (string?)r!["text"] == Shared)!["id"]!;
        Assert.Equal(HttpStatusCode.OK, (await hr.PostAsJsonAsync($"/api/v1/reviews/{id}/reject", new { reason = "Nicht vor dem Bericht." }, Ct)).StatusCode);
        var sweep = host.Services.GetRequiredService<Policy.Api.Reviews.ReviewSweepService>();
        await Reviews.ReviewLifecycleTests.AdvanceAndWait(time, sweep, TimeSpan.FromHours(1));
        Assert.Equal(2, SealedRowsHolding(host, Shared));
        Assert.Equal(Shared, (string?)System.Text.Json.Nodes.JsonNode.Parse(await author.GetStringAsync($"/api/v1/reviews/{id}", Ct))!["text"]);

        await Reviews.ReviewLifecycleTests.AdvanceAndWait(time, sweep, TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        Assert.Equal(0, SealedRowsHolding(host, Shared));
        var after = System.Text.Json.Nodes.JsonNode.Parse(await author.GetStringAsync($"/api/v1/reviews/{id}", Ct))!;
        Assert.Null(after["text"]);
        Assert.False((bool)after["textKept"]!);
        Assert.Equal("rejected", (string?)after["state"]);
        Assert.DoesNotContain(Shared, await hr.GetStringAsync("/api/v1/false-positives/examples.jsonl", Ct), StringComparison.Ordinal);
        SearchRawRows(host.Backend, needles);
        if (!host.Backend.IsPostgres)
        {
            await host.Factory.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            SearchDataDirectory(host.DataDirectory, needles);
        }

        Assert.DoesNotContain("Quastenberger", host.Logs.All, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<CheckResult> CheckAsync(HttpClient client, string text)
    {
        var response = await client.PostAsJsonAsync("/api/v1/checks", new { text, language = "de" }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = (await response.Content.ReadFromJsonAsync<CheckResult>(Ct))!;
        Assert.Equal("review", result.Decision);
        return result;
    }

    private sealed record CheckResult(string Decision, Guid CheckId, IReadOnlyList<FindingResult> Findings);

    private sealed record FindingResult(string RuleId);

    /// <summary>Every value of every row of every table, as the store holds it.</summary>
    private static IEnumerable<(string Table, Dictionary<string, string?> Row)> EveryRow(System.Data.Common.DbConnection db, bool postgres)
    {
        var tables = Dapper.SqlMapper.Query<string>(
            db,
            postgres
                ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
                : "SELECT name FROM sqlite_master WHERE type = 'table'").ToList();
        Assert.Contains("reviews", tables);
        foreach (var table in tables)
        {
            using var command = db.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var row = new Dictionary<string, string?>(StringComparer.Ordinal);
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i) is byte[] b ? Encoding.UTF8.GetString(b) : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
                }

                yield return (table, row);
            }
        }
    }

    private static void SearchRawRows(TestBackend backend, IEnumerable<string> needles)
    {
        using var db = backend.Open();
        foreach (var (table, row) in EveryRow(db, backend.IsPostgres))
        {
            foreach (var value in row.Values.Where(v => v is not null))
            {
                foreach (var needle in needles)
                {
                    Assert.False(value!.Contains(needle, StringComparison.OrdinalIgnoreCase), $"table {table} holds '{needle}' in plain text");
                }
            }
        }
    }

    /// <summary>How many rows, of any table, hold the text once every sealed value is opened with the installation's text key.</summary>
    private static int SealedRowsHolding(DecisionHost host, string text)
    {
        var vault = host.Services.GetRequiredService<Policy.Api.Reviews.DraftVault>();
        using var db = host.OpenDatabase();
        var found = 0;
        foreach (var (_, row) in EveryRow(db, host.Backend.IsPostgres))
        {
            var id = row.GetValueOrDefault("id");
            var opened = row.Values
                .Where(v => v is not null && v.StartsWith("v1.", StringComparison.Ordinal) && id is not null)
                .Select(v => vault.Open(v!, id!) ?? vault.Open(v!, id + "/edited"))
                // A report seals its text with where it was to be posted, as JSON.
                .Select(o => o is not null && o.StartsWith('{') ? (string?)System.Text.Json.Nodes.JsonNode.Parse(o)!["Text"] : o);
            if (opened.Any(o => o is not null && o.Contains(text, StringComparison.Ordinal)))
            {
                found++;
            }
        }

        return found;
    }

    /// <summary>Raw bytes of every file in the data folder (db, -wal, -shm, key), as UTF-8 and UTF-16, ignoring ASCII case.</summary>
    /// <summary>Every row of every table of the store, as JSON text, ignoring case.</summary>
    private static void SearchEveryRow(TestBackend backend, IEnumerable<string> needles)
    {
        using var db = backend.Open();
        var tables = Dapper.SqlMapper.Query<string>(db, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'").ToList();
        Assert.Contains("decisions", tables);
        var rows = 0;
        foreach (var table in tables)
        {
            foreach (var row in Dapper.SqlMapper.Query<string>(db, $"SELECT row_to_json(t)::text FROM \"{table}\" t"))
            {
                rows++;
                foreach (var needle in needles)
                {
                    Assert.False(row.Contains(needle, StringComparison.OrdinalIgnoreCase), $"table {table} holds '{needle}'");
                }
            }
        }

        Assert.True(rows > 6, "the tables were empty");
    }

    private static List<string> SearchDataDirectory(string directory, IEnumerable<string> needles, bool expectDatabase = true)
    {
        var files = Directory.GetFiles(directory, "*", SearchOption.AllDirectories).ToList();
        Assert.Equal(expectDatabase, files.Exists(f => f.EndsWith("policy.db", StringComparison.Ordinal)));
        Assert.Contains(files, f => f.EndsWith("decision-hash.key", StringComparison.Ordinal));
        foreach (var file in files)
        {
            byte[] bytes;
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                bytes = new byte[stream.Length];
                stream.ReadExactly(bytes);
            }

            var haystack = LowerAscii(bytes);
            foreach (var needle in needles)
            {
                foreach (var encoding in new Encoding[] { Encoding.UTF8, Encoding.Unicode, Encoding.BigEndianUnicode })
                {
                    var pattern = LowerAscii(encoding.GetBytes(needle));
                    Assert.True(haystack.AsSpan().IndexOf(pattern) < 0, $"{Path.GetFileName(file)} contains '{needle}' ({encoding.WebName})");
                }
            }
        }

        return files;
    }

    private static byte[] LowerAscii(byte[] bytes)
    {
        var copy = (byte[])bytes.Clone();
        for (var i = 0; i < copy.Length; i++)
        {
            if (copy[i] is >= (byte)'A' and <= (byte)'Z')
            {
                copy[i] += 32;
            }
        }

        return copy;
    }

    private sealed record CheckResponse(string Decision);
}

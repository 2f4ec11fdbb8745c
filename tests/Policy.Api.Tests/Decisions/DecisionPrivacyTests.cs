using System.Net;
using System.Net.Http.Json;
using System.Text;

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

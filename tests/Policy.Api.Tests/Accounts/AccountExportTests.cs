using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CsvHelper;

namespace Policy.Api.Tests.Accounts;

/// <summary>The legal export: CSV and JSON round trips, formula safety, BOM, manifest hash, as-of and filters.</summary>
public sealed class AccountExportTests(AccountsHost host) : IClassFixture<AccountsHost>
{
    private static CancellationToken Ct => AccountsHost.Ct;

    private async Task<(string Employee, HttpClient Legal, HttpClient Hr)> SeedAsync()
    {
        var (employee, _) = host.As("employee");
        var (_, hr) = host.As("hr");
        var (_, legal) = host.As("legal");
        await AccountsHost.CreateAsync(hr, AccountsHost.Body(employee, b =>
        {
            b["displayName"] = "=HYPERLINK(\"https://evil.example\",\"Klick\")";
            b["registeredName"] = "-Müller & Söhne; Größe \"XL\"";
            b["createdFor"] = "+49 Projekt Messe, Köln\r\nZeile 2";
        }));
        await AccountsHost.CreateAsync(hr, AccountsHost.Body(employee, b =>
        {
            b["platform"] = "mastodon";
            b["handle"] = "@" + AccountsHost.UniqueHandle("jürgen") + "@social.example";
            b["url"] = "https://social.example/@jürgen";
            b["displayName"] = "'Jürgen Müller";
            b["registeredTo"] = "person";
            b["registeredName"] = "Jürgen Müller";
            b["registeredEmail"] = "jürgen.müller@gmx.de";
            b["paidBy"] = "company";
            b["purpose"] = "mixed";
            b["createdFor"] = "@Vertrieb Süd";
            b["accessReference"] = "vault://social/mastodon-jürgen";
            b["contactCount"] = 17;
        }));
        await AccountsHost.CreateAsync(hr, AccountsHost.Body(employee, b =>
        {
            b["platform"] = "instagram";
            b["registeredTo"] = "person";
            b["registeredEmail"] = "privat@web.de";
            b["paidBy"] = "nobody";
            b["purpose"] = "private";
            b["contactCount"] = 0;
            b.Remove("accessReference");
            b["displayName"] = "Ölmühle Straße ßÄÖÜ";
        }));
        return (employee, legal, hr);
    }

    private static async Task<(byte[] Bytes, string AsOf)> DownloadAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadAsByteArrayAsync(Ct), response.Headers.GetValues("X-Export-As-Of").Single());
    }

    private static List<Dictionary<string, string>> ParseCsv(byte[] bytes, string delimiter)
    {
        using var csv = CsvReader.Create(new MemoryStream(bytes), CsvReaderOptions.Default with { Separator = delimiter[0], HasHeader = true }, false);
        csv.ReadHeader();
        var header = csv.Headers.ToList();
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
        {
            rows.Add(header.ToDictionary(h => h, h => csv[h].ToString(), StringComparer.Ordinal));
        }

        return rows;
    }

    private static string Cell(JsonNode? node) => node switch
    {
        null => string.Empty,
        JsonArray reasons => string.Join("; ", reasons.Select(r => (string)r!["factor"]! + ": " + (string)r["text"]!)),
        JsonValue v when v.TryGetValue<long>(out var n) => n.ToString(CultureInfo.InvariantCulture),
        _ => (string)node!,
    };

    [Theory]
    [InlineData("comma", ",")]
    [InlineData("semicolon", ";")]
    public async Task Csv_parsed_back_equals_the_json_records_with_umlauts_bom_and_formula_escapes(string delimiterName, string delimiter)
    {
        var (employee, legal, _) = await SeedAsync();
        var (json, asOf) = await DownloadAsync(legal, $"/api/v1/accounts/export.json?employee={employee}");
        var records = JsonNode.Parse(json)!.AsArray();
        Assert.Equal(3, records.Count);

        var (bytes, _) = await DownloadAsync(legal, $"/api/v1/accounts/export.csv?employee={employee}&delimiter={delimiterName}&asOf={Uri.EscapeDataString(asOf)}");
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.Contains("Ölmühle Straße ßÄÖÜ", text, StringComparison.Ordinal);
        Assert.StartsWith("accountId" + delimiter + "version" + delimiter, text, StringComparison.Ordinal);

        var rows = ParseCsv(bytes, delimiter);
        Assert.Equal(records.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var record = records[i]!.AsObject();
            foreach (var (column, cell) in rows[i])
            {
                Assert.Equal(Cell(record[column]), Policy.Api.Export.Csv.Unescape(cell));
            }
        }

        // No cell that a spreadsheet would run as a formula.
        Assert.All(rows.SelectMany(r => r.Values), cell => Assert.False(cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@', cell));
        var first = rows.Single(r => r["registeredName"].Contains("Söhne", StringComparison.Ordinal));
        Assert.Equal("'=HYPERLINK(\"https://evil.example\",\"Klick\")", first["displayName"]);
        Assert.Equal("'-Müller & Söhne; Größe \"XL\"", first["registeredName"]);
        Assert.Equal("'+49 Projekt Messe, Köln\r\nZeile 2", first["createdFor"]);
        var mastodon = rows.Single(r => r["platform"] == "mastodon");
        Assert.StartsWith("'@", mastodon["handle"], StringComparison.Ordinal);
        Assert.Equal("''Jürgen Müller", mastodon["displayName"]);
    }

    [Theory]
    [InlineData("csv", "&delimiter=semicolon")]
    [InlineData("csv", "")]
    [InlineData("json", "")]
    public async Task The_manifest_names_rows_filters_and_the_sha256_of_the_file(string format, string extra)
    {
        var (employee, legal, _) = await SeedAsync();
        var (bytes, asOf) = await DownloadAsync(legal, $"/api/v1/accounts/export.{format}?employee={employee}{extra}");

        var manifest = await legal.GetFromJsonAsync<JsonObject>(
            $"/api/v1/accounts/export/manifest?format={format}&employee={employee}{extra}&asOf={Uri.EscapeDataString(asOf)}", Ct);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), (string?)manifest!["sha256"]);
        Assert.Equal(3, (long)manifest["rows"]!);
        Assert.Equal(bytes.Length, (long)manifest["bytes"]!);
        Assert.Equal(employee, (string?)manifest["filters"]!["employee"]);
        Assert.Equal(asOf, (string?)manifest["asOf"]);
        Assert.False(string.IsNullOrEmpty((string?)manifest["generatedAt"]));
        Assert.EndsWith("." + format, (string?)manifest["file"], StringComparison.Ordinal);

        // The download is audited with the same hash.
        Assert.Contains(host.Audit.List(0, 1000), e => e.Action == "accounts.exported" && e.Details.Contains(Convert.ToHexStringLower(SHA256.HashData(bytes)), StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_as_of_export_before_a_change_shows_the_old_values()
    {
        var (employee, _) = host.As("employee");
        var (_, hr) = host.As("hr");
        var (_, legal) = host.As("legal");
        var body = AccountsHost.Body(employee, b => b["displayName"] = "Vorher GmbH");
        var created = await AccountsHost.CreateAsync(hr, body);
        var before = host.Time.GetUtcNow();
        host.Time.Advance(TimeSpan.FromHours(3));
        body["displayName"] = "Nachher GmbH";
        body["registeredEmail"] = "privat@gmail.com";
        Assert.Equal(HttpStatusCode.OK, (await hr.PutAsJsonAsync($"/api/v1/accounts/{created["id"]}", body, Ct)).StatusCode);

        var (old, _) = await DownloadAsync(legal, $"/api/v1/accounts/export.csv?employee={employee}&asOf={Uri.EscapeDataString(before.ToString("O"))}");
        var oldRow = Assert.Single(ParseCsv(old, ","));
        Assert.Equal("Vorher GmbH", oldRow["displayName"]);
        Assert.Equal("1", oldRow["version"]);
        Assert.Equal("company", oldRow["verdict"]);

        var (now, _) = await DownloadAsync(legal, $"/api/v1/accounts/export.csv?employee={employee}");
        var nowRow = Assert.Single(ParseCsv(now, ","));
        Assert.Equal("Nachher GmbH", nowRow["displayName"]);
        Assert.Equal("2", nowRow["version"]);
        Assert.Equal("disputed", nowRow["verdict"]);

        var (none, _) = await DownloadAsync(legal, $"/api/v1/accounts/export.json?employee={employee}&asOf=2020-01-01");
        Assert.Empty(JsonNode.Parse(none)!.AsArray());
    }

    [Fact]
    public async Task Exports_filter_by_verdict_and_status()
    {
        var (employee, legal, _) = await SeedAsync();
        foreach (var verdict in new[] { "company", "employee", "disputed" })
        {
            var (bytes, _) = await DownloadAsync(legal, $"/api/v1/accounts/export.csv?employee={employee}&verdict={verdict}");
            Assert.Equal(verdict, Assert.Single(ParseCsv(bytes, ","))["verdict"]);
        }

        var (closed, _) = await DownloadAsync(legal, $"/api/v1/accounts/export.json?employee={employee}&status=closed");
        Assert.Empty(JsonNode.Parse(closed)!.AsArray());

        var bad = await legal.GetAsync("/api/v1/accounts/export.csv?delimiter=tab", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!.AsObject().ContainsKey("delimiter"));
    }

    [Fact]
    public async Task Only_legal_and_admin_export()
    {
        var (_, hr) = host.As("hr");
        Assert.Equal(HttpStatusCode.Forbidden, (await hr.GetAsync("/api/v1/accounts/export.csv", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await hr.GetAsync("/api/v1/accounts/export/manifest", Ct)).StatusCode);
    }
}

using System.Net;
using System.Text;
using CsvHelper;
using Policy.Api.Export;
using Policy.Api.Tests.Accounts;

namespace Policy.Api.Tests.Hardening;

/// <summary>
/// Issue 16, item 5: a CSV export opened with the other delimiter than it was written with (a comma
/// file in German Excel, which splits on semicolons) shows no cell that starts a formula; every
/// file is read back with both delimiters.
/// </summary>
public sealed class CsvDelimiterTests(AccountsHost host) : IClassFixture<AccountsHost>
{
    private static readonly string[] Hostile =
    [
        "x;=1+1",
        "x,=1+1",
        "x\t=1+1",
        "x|=1+1",
        "Zeile 1\n@SUM(A1)",
        "Zeile 1\r\n+cmd|' /C calc'!A0",
        "a, -2; +3",
        "'; '=quoted",
    ];

    private static CancellationToken Ct => AccountsHost.Ct;

    /// <summary>Every cell of the file split on <paramref name="delimiter"/>, quotes honoured where they start a cell.</summary>
    private static List<string> Cells(byte[] bytes, char delimiter)
    {
        using var csv = CsvReader.Create(new MemoryStream(bytes), CsvReaderOptions.Default with { Separator = delimiter, HasHeader = false }, false);
        var cells = new List<string>();
        while (csv.Read())
        {
            for (var i = 0; i < csv.FieldCount; i++)
            {
                cells.Add(csv[i].ToString());
            }
        }

        return cells;
    }

    private static void NoFormula(IEnumerable<string> cells, string what) =>
        Assert.All(cells, cell => Assert.False(cell.TrimStart(' ').Length > 0 && cell.TrimStart(' ')[0] is '=' or '+' or '-' or '@', $"{what}: '{cell}'"));

    [Theory]
    [InlineData(',')]
    [InlineData(';')]
    public void A_field_opened_with_any_delimiter_starts_no_formula_and_unescapes_to_its_value(char written)
    {
        var sb = new StringBuilder();
        Csv.AppendRow(sb, written, "header", "other");
        foreach (var value in Hostile)
        {
            Csv.AppendRow(sb, written, value, "ok");
        }

        var bytes = Encoding.UTF8.GetBytes(sb.ToString());
        foreach (var opened in new[] { ',', ';', '\t', '|' })
        {
            NoFormula(Cells(bytes, opened), $"written with '{written}', opened with '{opened}'");
        }

        // Read with the delimiter it was written with, every value comes back.
        var cells = Cells(bytes, written);
        Assert.Equal(Hostile, cells.Where((_, i) => i % 2 == 0).Skip(1).Select(Csv.Unescape));
    }

    [Theory]
    [InlineData("comma", ',', ';')]
    [InlineData("semicolon", ';', ',')]
    public async Task The_account_export_opened_with_the_other_delimiter_starts_no_formula(string delimiterName, char written, char other)
    {
        var (employee, _) = host.As("employee");
        var (_, hr) = host.As("hr");
        var (_, legal) = host.As("legal");
        await AccountsHost.CreateAsync(hr, AccountsHost.Body(employee, b =>
        {
            b["displayName"] = "x;=1+1";
            b["registeredName"] = "x,=1+1";
            b["createdFor"] = "Messe\n@SUM(A1)";
        }));

        var response = await legal.GetAsync($"/api/v1/accounts/export.csv?employee={employee}&delimiter={delimiterName}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        NoFormula(Cells(bytes, written), "as written");
        NoFormula(Cells(bytes, other), "with the other delimiter");
        var text = Encoding.UTF8.GetString(bytes);
        Assert.Contains("x;'=1+1", text, StringComparison.Ordinal);
        Assert.Contains("x,'=1+1", text, StringComparison.Ordinal);
    }
}

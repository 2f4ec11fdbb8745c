using System.Text;

namespace Policy.Api.Guideline;

/// <summary>
/// RFC 4180 CSV for spreadsheets: CRLF line ends, a cell quoted when it holds the delimiter, a
/// quote or a line break, and formula-safe: a cell starting with =, +, -, @, tab or CR gets a
/// leading apostrophe, so Excel shows it as text instead of running it.
/// </summary>
internal static class CsvWriter
{
    public static byte[] Write(IEnumerable<IReadOnlyList<string?>> rows, char delimiter)
    {
        var sb = new StringBuilder();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(delimiter);
                }

                sb.Append(Cell(row[i], delimiter));
            }

            sb.Append("\r\n");
        }

        // UTF-8 with BOM: Excel otherwise reads the file as the local code page and garbles umlauts.
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
    }

    public static string Cell(string? value, char delimiter)
    {
        var text = value ?? string.Empty;
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }

        return text.IndexOfAny([delimiter, '"', '\r', '\n']) >= 0
            ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : text;
    }
}

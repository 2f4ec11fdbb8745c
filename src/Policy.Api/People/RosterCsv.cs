using System.Text;
using System.Text.RegularExpressions;

namespace Policy.Api.People;

/// <summary>
/// HR's roster as CSV (what an HR system or Excel exports): a header line naming the columns
/// personId, displayName and email (in any order; "id", "name", "mail" and their German forms
/// "Personalnummer", "Name", "E-Mail" are read too), then one person a line. Comma or semicolon,
/// fields in double quotes where they hold one, UTF-8 with or without BOM. Every mistake is reported
/// with its line and column, and a file with any mistake changes nothing.
/// </summary>
public static partial class RosterCsv
{
    public const int MaxRows = 50_000;

    public const int MaxBytes = 5 * 1024 * 1024;

    private static readonly Dictionary<string, string> Headers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["personid"] = "personId", ["id"] = "personId", ["person"] = "personId", ["personalnummer"] = "personId",
        ["displayname"] = "displayName", ["name"] = "displayName",
        ["email"] = "email", ["e-mail"] = "email", ["mail"] = "email",
    };

    /// <summary>The people of the file, or the errors (each "line N, column C: …"), at most 20 of them.</summary>
    public static (IReadOnlyList<RosterPerson> People, IReadOnlyList<string> Errors) Read(string text)
    {
        var errors = new List<string>();
        var records = Records(text.TrimStart('\uFEFF'), errors);
        if (errors.Count > 0)
        {
            return ([], errors);
        }

        if (records.Count == 0)
        {
            return ([], ["line 1: the file is empty; the first line must name the columns personId, displayName, email."]);
        }

        var (headerLine, header) = records[0];
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            if (Headers.TryGetValue(header[i].Trim(), out var name) && !columns.ContainsKey(name))
            {
                columns[name] = i;
            }
        }

        foreach (var needed in new[] { "personId", "displayName", "email" })
        {
            if (!columns.ContainsKey(needed))
            {
                errors.Add($"line {headerLine}: the header has no column '{needed}' (it names: {string.Join(", ", header.Select(h => "'" + h.Trim() + "'"))}).");
            }
        }

        if (errors.Count > 0)
        {
            return ([], errors);
        }

        if (records.Count - 1 > MaxRows)
        {
            return ([], [$"the file has {records.Count - 1} people; at most {MaxRows} are read at once."]);
        }

        var people = new List<RosterPerson>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.All(string.IsNullOrWhiteSpace))
            {
                continue; // a blank line, as spreadsheets leave at the end
            }

            string Field(string column) => columns[column] < fields.Count ? fields[columns[column]].Trim() : string.Empty;
            var id = Field("personId");
            var name = Field("displayName");
            var email = Field("email");
            var before = errors.Count;
            if (!PersonId().IsMatch(id))
            {
                errors.Add(id.Length == 0
                    ? $"line {line}, column personId: empty."
                    : $"line {line}, column personId: '{Shorten(id)}' is not a person id (letters, digits and . _ @ - only, at most 100).");
            }
            else if (seen.TryGetValue(id, out var first))
            {
                errors.Add($"line {line}, column personId: '{id}' is already on line {first}.");
            }

            if (name.Length is 0 or > 200)
            {
                errors.Add($"line {line}, column displayName: {(name.Length == 0 ? "empty" : "longer than 200 characters")}.");
            }

            if (email.Length > 254 || !Email().IsMatch(email))
            {
                errors.Add($"line {line}, column email: '{Shorten(email)}' is not an e-mail address.");
            }

            if (errors.Count == before)
            {
                seen[id] = line;
                people.Add(new RosterPerson(id, name, email));
            }

            if (errors.Count >= 20)
            {
                errors.Add("… and possibly more; fix these first.");
                break;
            }
        }

        return errors.Count > 0 ? ([], errors) : (people, []);
    }

    /// <summary>RFC 4180 records with the line each starts on; the delimiter is the header line's (comma or semicolon).</summary>
    private static List<(int Line, List<string> Fields)> Records(string text, List<string> errors)
    {
        var firstLineEnd = text.IndexOfAny(['\r', '\n']);
        var headerText = firstLineEnd < 0 ? text : text[..firstLineEnd];
        var delimiter = headerText.Count(c => c == ';') > headerText.Count(c => c == ',') ? ';' : ',';
        var records = new List<(int, List<string>)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i += 2;
                    continue;
                }

                if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    field.Append(c);
                }

                i++;
                continue;
            }

            if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                fields.Add(field.ToString());
                field.Clear();
                records.Add((recordLine, fields));
                fields = [];
                line++;
                recordLine = line;
            }
            else
            {
                field.Append(c);
            }

            i++;
        }

        if (quoted)
        {
            errors.Add($"line {recordLine}: a quoted field is not closed (a \" is missing).");
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add((recordLine, fields));
        }

        return records;
    }

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..60] + "…";

    [GeneratedRegex("^[A-Za-z0-9._@-]{1,100}$")]
    private static partial Regex PersonId();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex Email();
}

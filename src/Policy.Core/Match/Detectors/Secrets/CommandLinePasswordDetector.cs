using System.Collections.Frozen;

namespace Policy.Core.Match.Detectors.Secrets;

/// <summary>
/// "command-line-password": a password given to a command on its command line, the way people paste
/// a command that works: <c>sqlcmd -S host -U user -P 'Hb!2024-x#9'</c>, <c>mysql -u root -pSecret</c>,
/// <c>sshpass -p 'Hafen#2025' ssh …</c>, <c>plink -pw …</c>, <c>sqlplus scott/Tiger42@orcl</c>,
/// <c>docker login -u ci -p …</c>, <c>--password Tr0ub4dor-33</c>. The hit is the password.
/// </summary>
/// <remarks>
/// Which option carries a password depends on the command: <c>-P</c> is the password to sqlcmd and
/// the port to mysql, <c>-p</c> the password to sshpass and the port to ssh. So a short option counts
/// only after the command it belongs to, or next to a user option of the same line (<c>-u ci -p …</c>);
/// long options (<c>--password</c>, <c>-storepass</c>, <c>-passin pass:</c>) count anywhere. The value
/// must look like a password: not a number (<c>-P 8080</c>), a variable, a placeholder
/// (<c>'&lt;password&gt;'</c>, <c>$PASSWORD</c>, <c>***</c>) or a path. One pass over each line, its
/// quotes resolved once: linear in the text.
/// </remarks>
public sealed class CommandLinePasswordDetector : IDetector
{
    public string Name => "command-line-password";

    public DetectorInput Input => DetectorInput.Original;

    public IReadOnlyList<string> Keywords { get; } =
        ["sqlcmd", "mysql", "mariadb", "sshpass", "plink", "pscp", "psftp", "bcp", "osql", "psexec", "sqlplus", "hdbsql",
         "--pass", "--pwd", "-pw", "passin", "passout", "storepass", "keypass", "redis-cli", "ldapsearch", "ldapmodify",
         "smbclient", "mongo", "-u ", "--user", "-password", "-passwd", "-pwd"];

    /// <summary>Commands whose short option (here the key) takes the password.</summary>
    private static readonly FrozenDictionary<string, string> PasswordOptionOf = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["sqlcmd"] = "-P", ["bcp"] = "-P", ["osql"] = "-P", ["isql"] = "-P", ["sshpass"] = "-p", ["psexec"] = "-p",
        ["psexec.exe"] = "-p", ["hdbsql"] = "-p", ["redis-cli"] = "-a", ["ldapsearch"] = "-w", ["ldapmodify"] = "-w",
        ["ldapadd"] = "-w", ["ldapdelete"] = "-w", ["mongo"] = "-p", ["mongosh"] = "-p", ["mongodump"] = "-p",
        ["mongorestore"] = "-p", ["plink"] = "-pw", ["pscp"] = "-pw", ["psftp"] = "-pw", ["plink.exe"] = "-pw", ["pscp.exe"] = "-pw",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The MySQL family: the password attached to -p (<c>-pSecret</c>); a space after -p asks for it instead.</summary>
    private static readonly FrozenSet<string> AttachedP = new[]
    {
        "mysql", "mysqldump", "mysqladmin", "mysqlimport", "mysqlcheck", "mysqlsh", "mariadb", "mariadb-dump", "mariadb-admin",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Oracle tools that take <c>user/password@database</c>.</summary>
    private static readonly FrozenSet<string> SlashLogin = new[]
    {
        "sqlplus", "rman", "expdp", "impdp", "sqlldr", "exp", "imp",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Options that name a user: a short password option next to one is the password.</summary>
    private static readonly FrozenSet<string> UserOptions = new[]
    {
        "-u", "-U", "--user", "--username", "-D", "--login",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> PairedPasswordOptions = new[]
    {
        "-p", "-P", "-pw", "-w",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Long options that take a password whatever the command.</summary>
    private static readonly FrozenSet<string> LongOptions = new[]
    {
        "--password", "--passwd", "--pass", "--pwd", "--db-password", "--dbpassword", "--http-password", "--ftp-password",
        "--proxy-password", "--admin-password", "--root-password", "--user-password", "-storepass", "-keypass", "-srcstorepass",
        "-deststorepass", "-passin", "-passout", "--passin", "--passout", "/p",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public void Scan(string text, List<DetectorHit> hits)
    {
        var words = new List<Word>();
        var start = 0;
        while (start < text.Length)
        {
            var end = LogicalLineEnd(text, start);
            Words(text, start, end, words);
            ScanLine(text, words, hits);
            start = end + 1;
        }
    }

    private void ScanLine(string text, List<Word> words, List<DetectorHit> hits)
    {
        if (words.Count < 2)
        {
            return;
        }

        // First pass: which commands the line runs and whether it names a user.
        var attachedP = false;
        var hasUser = false;
        string? commandOption = null;
        foreach (var w in words)
        {
            var name = CommandName(text, w);
            attachedP |= AttachedP.Contains(name);
            commandOption ??= PasswordOptionOf.GetValueOrDefault(name);
            hasUser |= !w.Quoted && UserOptions.Contains(text.AsSpan(w.Start, w.Length).ToString());
        }

        for (var k = 0; k < words.Count; k++)
        {
            var w = words[k];
            if (w.Quoted)
            {
                continue;
            }

            var word = text.AsSpan(w.Start, w.Length);
            var next = k + 1 < words.Count ? words[k + 1] : default;
            var hasNext = k + 1 < words.Count;

            // "sqlplus scott/Tiger42@orcl"
            if (SlashLogin.Contains(CommandName(text, w)) && hasNext && !next.Quoted)
            {
                var login = text.AsSpan(next.Start, next.Length);
                var slash = login.IndexOf('/');
                if (slash > 0 && login[0] != '-')
                {
                    var at = login[(slash + 1)..].IndexOf('@');
                    var length = at < 0 ? login.Length - slash - 1 : at;
                    Add(text, next.Start + slash + 1, length, hits, strict: false);
                }

                continue;
            }

            // "--password=Tr0ub4dor-33", "-passin pass:Kx9…", "/p:Secret1"
            var equals = word.IndexOfAny('=', ':');
            var option = equals > 0 ? word[..equals] : word;
            if (LongOptions.Contains(option.ToString()))
            {
                if (equals > 0)
                {
                    AddValue(text, w.Start + equals + 1, w.Length - equals - 1, hits);
                }
                else if (hasNext && (word[0] != '/' || word.Length > 2))
                {
                    AddWord(text, next, hits);
                }

                continue;
            }

            // "mysql -u root -pWinter2024x": the password stuck to -p.
            if (attachedP && word.Length > 2 && word[0] == '-' && word[1] == 'p')
            {
                AddValue(text, w.Start + 2, w.Length - 2, hits, strict: false);
                continue;
            }

            // "sqlcmd … -P 'Hb!2024-x#9'", "sshpass -p …", "docker login -u ci -p …"
            var isOption = word.SequenceEqual(commandOption) || (hasUser && PairedPasswordOptions.Contains(word.ToString()));
            if (isOption && hasNext)
            {
                AddWord(text, next, hits);
            }
            else if (commandOption is { Length: 2 } && word.Length > 2 && word.StartsWith(commandOption, StringComparison.Ordinal) && commandOption != "-p")
            {
                AddValue(text, w.Start + 2, w.Length - 2, hits); // "sqlcmd -PSecret1"
            }
        }
    }

    private void AddWord(string text, Word w, List<DetectorHit> hits)
    {
        if (!w.Quoted && text[w.Start] == '-')
        {
            return; // another option: the password is asked for
        }

        AddValue(text, w.Start, w.Length, hits);
    }

    private void AddValue(string text, int start, int length, List<DetectorHit> hits, bool strict = true)
    {
        // "-p'Secret'", "--password=\"…\"", "pass:Kx9…"
        var value = text.AsSpan(start, length);
        if (value.StartsWith("pass:", StringComparison.OrdinalIgnoreCase))
        {
            start += 5;
            length -= 5;
            value = value[5..];
        }

        else if (value.StartsWith("env:", StringComparison.OrdinalIgnoreCase) || value.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            || value.StartsWith("fd:", StringComparison.OrdinalIgnoreCase) || value.Equals("stdin", StringComparison.OrdinalIgnoreCase))
        {
            return; // "-passin env:KEY_PASS": where the password is, not the password
        }

        if (value.Length >= 2 && Policy.Core.Normalize.Quotes.IsQuote(value[0]) && value[^1] == value[0])
        {
            start++;
            length -= 2;
        }

        Add(text, start, length, hits, strict);
    }

    private void Add(string text, int start, int length, List<DetectorHit> hits, bool strict)
    {
        if (length <= 0)
        {
            return;
        }

        var value = text.Substring(start, length);
        if (PasswordShaped(value, strict))
        {
            hits.Add(new DetectorHit(start, length, Name));
        }
    }

    /// <summary>Whether a value can be a password: not a number or a port pair (<c>8080</c>, <c>80:80</c>), not a
    /// variable, placeholder, redaction, path or URL, at least four characters. <paramref name="strict"/> (an
    /// option that may mean something else): also letters with a digit, a symbol or both cases.</summary>
    private static bool PasswordShaped(string value, bool strict)
    {
        if (value.Length is < 4 or > 128 || CredentialPlaceholders.IsPlaceholder(value) || value[0] is '/' or '~' or '-' or '%' or '<' || value.StartsWith("./", StringComparison.Ordinal)
            || value.Contains("://", StringComparison.Ordinal))
        {
            return false;
        }

        bool letter = false, digit = false, symbol = false, upper = false, lower = false;
        foreach (var c in value)
        {
            letter |= char.IsLetter(c);
            digit |= char.IsDigit(c);
            upper |= char.IsUpper(c);
            lower |= char.IsLower(c);
            symbol |= !char.IsLetterOrDigit(c);
        }

        if (!letter)
        {
            return false; // "-P 8080", "-p 80:443"
        }

        return !strict || digit || symbol || (upper && lower);
    }

    /// <summary>The command a word names: its file name without a path (<c>/usr/bin/mysql</c>, <c>.\sqlcmd.exe</c>).</summary>
    private static string CommandName(string text, Word w)
    {
        if (w.Quoted || w.Length > 40)
        {
            return string.Empty;
        }

        var word = text.AsSpan(w.Start, w.Length);
        var slash = word.LastIndexOfAny('/', '\\');
        var name = word[(slash + 1)..];
        if (name.EndsWith(".exe", StringComparison.OrdinalIgnoreCase) && !PasswordOptionOf.ContainsKey(name.ToString()))
        {
            name = name[..^4];
        }

        return name.ToString();
    }

    /// <summary>The end of the line that starts at <paramref name="start"/>; a backslash before the line break
    /// continues the command on the next line.</summary>
    private static int LogicalLineEnd(string text, int start)
    {
        var end = text.IndexOf('\n', start);
        while (end > 0 && (text[end - 1] == '\\' || (text[end - 1] == '\r' && end > 1 && text[end - 2] == '\\')))
        {
            end = text.IndexOf('\n', end + 1);
        }

        return end < 0 ? text.Length : end;
    }

    private readonly record struct Word(int Start, int Length, bool Quoted);

    /// <summary>The words of [start, end): split at white space (a continuing backslash is one), a word that
    /// opens with a quote runs to its closing quote. Each quote character is looked for at most until it is
    /// known to be missing, so a line of unclosed quotes stays linear.</summary>
    private static void Words(string text, int start, int end, List<Word> words)
    {
        words.Clear();
        var missing = string.Empty;
        var i = start;
        while (i < end)
        {
            while (i < end && (char.IsWhiteSpace(text[i]) || text[i] == '\\' && (i + 1 == end || char.IsWhiteSpace(text[i + 1]))))
            {
                i++;
            }

            if (i >= end)
            {
                break;
            }

            var first = text[i];
            if (first is '\'' or '"' && !missing.Contains(first, StringComparison.Ordinal))
            {
                var close = text.IndexOf(first, i + 1, end - i - 1);
                if (close > i)
                {
                    words.Add(new Word(i, close + 1 - i, Quoted: true));
                    i = close + 1;
                    continue;
                }

                missing += first;
            }

            var wordStart = i;
            while (i < end && !char.IsWhiteSpace(text[i]))
            {
                // "-p'Sec ret'", "--password=\"x y\"": a quote inside a word runs to its closing one.
                if (text[i] is '\'' or '"' && i > wordStart && !missing.Contains(text[i], StringComparison.Ordinal))
                {
                    var close = text.IndexOf(text[i], i + 1, end - i - 1);
                    if (close < 0)
                    {
                        missing += text[i];
                    }
                    else
                    {
                        i = close + 1;
                        continue;
                    }
                }

                i++;
            }

            words.Add(new Word(wordStart, i - wordStart, Quoted: false));
        }
    }
}

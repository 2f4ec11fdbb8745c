namespace Policy.Cli;

/// <summary>A command line the user got wrong: the message says what to write instead; exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>
/// One command's arguments: options that take a value (<c>--pack P</c> or <c>--pack=P</c>), flags,
/// and the rest in order. An option the command does not know is a usage error, not a file name.
/// </summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private Arguments(IReadOnlyList<string> positional) => Positional = positional;

    public IReadOnlyList<string> Positional { get; }

    public bool Help => _flags.Contains("--help");

    public static Arguments Parse(IReadOnlyList<string> args, IReadOnlyCollection<string> valueOptions, IReadOnlyCollection<string> flags)
    {
        var positional = new List<string>();
        var parsed = new Arguments(positional);
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a is "--help" or "-h")
            {
                parsed._flags.Add("--help");
                continue;
            }

            if (a == "--")
            {
                positional.AddRange(args.Skip(i + 1));
                break;
            }

            if (a.StartsWith("--", StringComparison.Ordinal))
            {
                var eq = a.IndexOf('=', StringComparison.Ordinal);
                var name = eq > 0 ? a[..eq] : a;
                if (valueOptions.Contains(name))
                {
                    var value = eq > 0 ? a[(eq + 1)..] : i + 1 < args.Count ? args[++i] : throw new UsageException($"{name} needs a value");
                    if (!parsed._values.TryGetValue(name, out var list))
                    {
                        parsed._values[name] = list = [];
                    }

                    list.Add(value);
                }
                else if (flags.Contains(name) && eq < 0)
                {
                    parsed._flags.Add(name);
                }
                else
                {
                    var known = valueOptions.Concat(flags).Order(StringComparer.Ordinal);
                    throw new UsageException($"unknown option '{name}'; this command knows {string.Join(", ", known)} and --help");
                }
            }
            else
            {
                positional.Add(a);
            }
        }

        return parsed;
    }

    public bool Flag(string name) => _flags.Contains(name);

    public string? Value(string name) => _values.TryGetValue(name, out var list) ? list[^1] : null;

    public IReadOnlyList<string> Values(string name) => _values.TryGetValue(name, out var list) ? list : [];

    /// <summary>The option's value, which must be one of <paramref name="allowed"/>.</summary>
    public string Choice(string name, string fallback, params string[] allowed)
    {
        var value = Value(name) ?? fallback;
        return allowed.Contains(value, StringComparer.Ordinal)
            ? value
            : throw new UsageException($"{name} must be one of {string.Join(", ", allowed)}, not '{value}'");
    }
}

/// <summary>The exit codes every command shares, as CI reads them.</summary>
internal static class ExitCodes
{
    /// <summary>Clean: nothing at or above the threshold.</summary>
    public const int Clean = 0;

    /// <summary>Findings (or failing examples, or lint problems) at or above the threshold.</summary>
    public const int Findings = 1;

    /// <summary>The command line was wrong, or a file, pack or server could not be used.</summary>
    public const int Error = 2;
}

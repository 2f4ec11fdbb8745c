using System.Text;
using Policy.Core.Packs;

namespace Policy.Core.Tests.Packs;

/// <summary>
/// Random nesting shapes up to the size limit: the read answers "nesting deeper than 64 levels" at the
/// line and column of the first collection past the limit, and reads every shape within it. Reading
/// used to take time quadratic in the number of consecutive '[' (1 MB did not finish in 35 minutes);
/// these shapes are only practical to run because it no longer does.
/// </summary>
public sealed class NestingShapeTests
{
    private const string Head = "id: t\nversion: \"1\"\ndescription: ";

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 24)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_random_tree_is_read_or_refused_at_the_first_collection_past_the_limit(int seed)
    {
        var random = new Random(seed);
        var shape = NestingShape.Tree(random, Head, PackLimits.Default.MaxBytes - 64, maxDepth: seed % 3 == 0 ? 63 : 90);
        var nodes = new YamlNodes("x.yaml");
        if (shape.TooDeepAt is { } at)
        {
            var error = Assert.Single(Assert.Throws<PackLoadException>(() => nodes.ParseRoot(shape.Text, PackLimits.Default, TestContext.Current.CancellationToken)).Errors);
            Assert.Equal("nesting deeper than 64 levels", error.Message);
            Assert.Equal((at.Line, at.Column), (error.Line, error.Column));
        }
        else
        {
            var root = nodes.ParseRoot(shape.Text, PackLimits.Default, TestContext.Current.CancellationToken);
            Assert.Equal(shape.TopLevelKeys, root.Children.Count);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_random_run_of_brackets_is_refused_with_a_position(int seed)
    {
        var random = new Random(seed);
        var shape = NestingShape.Brackets(random, Head, PackLimits.Default.MaxBytes - 64);
        var error = Assert.Single(Assert.Throws<PackLoadException>(() => new YamlNodes("x.yaml").ParseRoot(shape.Text, PackLimits.Default, TestContext.Current.CancellationToken)).Errors);
        if (shape.TooDeepAt is { } at)
        {
            Assert.Equal("nesting deeper than 64 levels", error.Message);
            Assert.Equal((at.Line, at.Column), (error.Line, error.Column));
        }
        else
        {
            Assert.StartsWith("syntax error", error.Message, StringComparison.Ordinal);
            Assert.True(error.Line >= 3, error.ToString());
        }
    }

    [Fact]
    public void A_megabyte_of_opening_brackets_is_refused_at_the_65th()
    {
        var text = Head + new string('[', PackLimits.Default.MaxBytes - Head.Length);
        var error = Assert.Single(Assert.Throws<PackLoadException>(() => PackSource.Parse("x.yaml", text)).Errors);
        Assert.Equal("x.yaml:3:77: nesting deeper than 64 levels", error.ToString());
    }

    [Fact]
    public void A_cancelled_read_stops()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var text = Head + "ok\n";
        Assert.Throws<OperationCanceledException>(() => PackSource.Read("x.yaml", text, PackLimits.Default, cts.Token));
    }

    [Fact]
    public void A_read_over_its_budget_is_refused_with_a_position()
    {
        // A clock that has already moved past the budget when the read starts: the first event is over it.
        var limits = PackLimits.Default with { ParseBudget = TimeSpan.Zero };
        var error = Assert.Single(Assert.Throws<PackLoadException>(() => PackSource.Parse("x.yaml", Head + "ok\n", limits)).Errors);
        Assert.Contains("reading the pack took longer than 0 s", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Line);
    }
}

/// <summary>A generated document and where its nesting first passes the limit (1-based line and column), if it does.</summary>
internal sealed record NestingShape(string Text, (int Line, int Column)? TooDeepAt, int TopLevelKeys = 3)
{
    private const int Limit = 64;

    /// <summary>Well-formed flow YAML: sequences and mappings nested at random, up to <paramref name="maxDepth"/>
    /// levels below the root mapping, filled with siblings and further top-level keys (on lines of their own)
    /// up to about <paramref name="size"/>.</summary>
    public static NestingShape Tree(Random random, string head, int size, int maxDepth)
    {
        var sb = new StringBuilder(head);
        (int, int)? tooDeep = null;
        var depth = 1; // the root mapping
        var keys = 3;
        Node(0);
        while (sb.Length < size - 200 && depth == 1)
        {
            // More top-level keys, each holding another tree, until the document is near the size limit.
            sb.Append("\nk").Append(sb.Length).Append(": ");
            keys++;
            Node(0);
            if (random.Next(4) == 0)
            {
                break;
            }
        }

        sb.Append('\n');
        return new NestingShape(sb.ToString(), tooDeep, keys);

        void Node(int level)
        {
            if (level >= maxDepth || sb.Length > size - 200 || random.Next(6) == 0)
            {
                sb.Append('s').Append(random.Next(100));
                return;
            }

            var mapping = random.Next(2) == 0;
            depth++;
            if (depth > Limit && tooDeep is null)
            {
                tooDeep = Position(sb);
            }

            sb.Append(mapping ? '{' : '[');
            var children = random.Next(4) == 0 ? random.Next(2, 40) : 1;
            for (var i = 0; i < children && sb.Length < size - 200; i++)
            {
                if (i > 0)
                {
                    sb.Append(", ");
                }

                if (mapping)
                {
                    sb.Append('k').Append(i).Append(": ");
                }

                Node(level + 1);
            }

            sb.Append(mapping ? '}' : ']');
            depth--;
        }
    }

    /// <summary>'[' and ']' at random (mostly '['), as an attacker would send them, up to <paramref name="size"/>.</summary>
    public static NestingShape Brackets(Random random, string head, int size)
    {
        var sb = new StringBuilder(head);
        (int, int)? tooDeep = null;
        var open = 0;
        var broken = false;
        var closeShare = random.Next(0, 50);
        while (sb.Length < size)
        {
            if (random.Next(100) < closeShare)
            {
                sb.Append(']');
                broken |= --open <= 0;
            }
            else
            {
                // Entries of a flow sequence need commas: '[' right after ']' is a syntax error there.
                broken |= sb[^1] == ']';
                if (open + 1 > Limit - 1 && tooDeep is null && !broken)
                {
                    tooDeep = Position(sb);
                }

                sb.Append('[');
                open++;
            }
        }

        return new NestingShape(sb.ToString(), tooDeep);
    }

    private static (int Line, int Column) Position(StringBuilder sb)
    {
        var text = sb.ToString();
        var lineStart = text.LastIndexOf('\n') + 1;
        return (text.Count(c => c == '\n') + 1, text.Length - lineStart + 1);
    }
}

using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Xunit.Sdk;
using Xunit.v3;

[assembly: TestCollectionOrderer(typeof(Policy.Web.Tests.RandomOrder))]
[assembly: TestClassOrderer(typeof(Policy.Web.Tests.RandomOrder))]
[assembly: TestMethodOrderer(typeof(Policy.Web.Tests.RandomOrder))]
[assembly: TestCaseOrderer(typeof(Policy.Web.Tests.RandomOrder))]
[assembly: Policy.Web.Tests.PrintOrderSeed]

namespace Policy.Web.Tests;

/// <summary>
/// Runs the web tests in a random order: the test classes, the tests in each class and the rows of
/// each theory are shuffled by a seed (a class's tests still run together, as xunit runs them).
/// xunit's own seed decides it when one is given (<c>--seed N</c>, or <c>"seed"</c> in
/// xunit.runner.json); otherwise every run draws a new one. xunit's built-in orderers never use the
/// seed, and without one xunit derives it from the build, so each build would always run one order.
/// The seed is printed (<see cref="PrintOrderSeed"/>) so that a failing order can be replayed.
/// </summary>
/// <remarks>
/// Each test gets a sort key hashed from the seed and its name (class, method, theory arguments),
/// not from xunit's unique ids, which contain the assembly's path: one seed gives one order in any
/// checkout, and a subset of the tests (a filter) keeps the order it had in the full run.
/// </remarks>
public sealed class RandomOrder : ITestCollectionOrderer, ITestClassOrderer, ITestMethodOrderer, ITestCaseOrderer
{
    private static readonly Lazy<int> ChosenSeed = new(ChooseSeed);
    private static int _announced;

    /// <summary>The seed of this run's order.</summary>
    public static int Seed => ChosenSeed.Value;

    public static string ReplayHint => $"random test order, seed {Seed}; replay this order with: dotnet test --project tests/Policy.Web.Tests --seed {Seed}";

    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : ITestCollection =>
        Shuffle(testCollections, c => c.TestCollectionDisplayName + "|" + c.TestCollectionClassName, c => c.UniqueID);

    public IReadOnlyCollection<TTestClass?> OrderTestClasses<TTestClass>(IReadOnlyCollection<TTestClass?> testClasses)
        where TTestClass : ITestClass =>
        Shuffle(testClasses, c => c?.TestClassName ?? string.Empty, c => c?.UniqueID ?? string.Empty);

    public IReadOnlyCollection<TTestMethod?> OrderTestMethods<TTestMethod>(IReadOnlyCollection<TTestMethod?> testMethods)
        where TTestMethod : ITestMethod =>
        Shuffle(testMethods, m => m is null ? string.Empty : m.TestClass.TestClassName + "." + m.MethodName, m => m?.UniqueID ?? string.Empty);

    public IReadOnlyCollection<TTestCase> OrderTestCases<TTestCase>(IReadOnlyCollection<TTestCase> testCases)
        where TTestCase : notnull, ITestCase =>
        Shuffle(testCases, c => c.TestCaseDisplayName, c => c.UniqueID);

    private static List<T> Shuffle<T>(IReadOnlyCollection<T> items, Func<T, string> name, Func<T, string> uniqueId)
    {
        Announce();
        var seed = Seed;
        return [.. items
            .Select(item => (Item: item, Name: name(item)))
            .OrderBy(x => Key(seed, x.Name))
            .ThenBy(x => x.Name, StringComparer.Ordinal)
            .ThenBy(x => uniqueId(x.Item), StringComparer.Ordinal)
            .Select(x => x.Item)];
    }

    private static ulong Key(int seed, string name) =>
        BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(seed.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n" + name)), 0);

    private static int ChooseSeed()
    {
        // xunit sets Randomizer.Seed before it orders anything: the --seed option or the config's
        // "seed", else |hash of the assembly's module version id|. Only that last value means "none given".
        var unset = typeof(RandomOrder).Assembly.ManifestModule.ModuleVersionId.GetHashCode();
        unset = unset == int.MinValue ? int.MaxValue : Math.Abs(unset);
        if (Randomizer.Seed != unset)
        {
            return Randomizer.Seed;
        }

        int seed;
        do
        {
            seed = Random.Shared.Next();
        }
        while (seed == unset);
        return seed;
    }

    /// <summary>Once per run on the process's standard output (which dotnet test shows when the run fails).</summary>
    private static void Announce()
    {
        if (Interlocked.Exchange(ref _announced, 1) == 0)
        {
            Console.Out.WriteLine("Policy.Web.Tests: " + ReplayHint);
        }
    }
}

/// <summary>
/// Writes the order's seed as the first line of every web test's output: dotnet test shows it
/// with each failure (and for every test with <c>--output detailed</c>), and the result files keep it.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class PrintOrderSeedAttribute : BeforeAfterTestAttribute
{
    public override void Before(MethodInfo methodUnderTest, IXunitTest test) =>
        TestContext.Current.TestOutputHelper?.WriteLine(RandomOrder.ReplayHint);
}

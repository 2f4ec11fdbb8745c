namespace Policy.Api.Tests;

/// <summary>The repository root (the folder with Policy.sln).</summary>
internal static class SharedPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Policy.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Policy.sln not found above " + AppContext.BaseDirectory);
    }
}

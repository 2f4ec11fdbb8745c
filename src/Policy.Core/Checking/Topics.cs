using Policy.Core.Match;

namespace Policy.Core.Checking;

/// <summary>A pack's topic: the terms that make a draft be about it.</summary>
public sealed record Topic(string Id, TermSet Terms);

/// <summary>Topic ids with a meaning of their own.</summary>
public static class Topics
{
    /// <summary>A draft that speaks for the company but touches no listed topic.</summary>
    public const string General = "general";

    /// <summary>Holders of this topic form the crisis team.</summary>
    public const string Crisis = "crisis";
}

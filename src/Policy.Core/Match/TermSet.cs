
namespace Policy.Core.Match;

/// <summary>Terms a rule looks for, already expanded from the pack's lists and normalized.</summary>
public sealed class TermSet(IReadOnlyList<TermSpec> terms)
{
    public IReadOnlyList<TermSpec> Terms { get; } = terms;

    public int Id { get; private set; } = -1;

    public bool IsEmpty => Terms.Count == 0;

    internal void Register(TermIndexBuilder builder) => Id = builder.AddSet(Terms);
}

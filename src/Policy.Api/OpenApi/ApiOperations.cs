namespace Policy.Api.OpenApi;

/// <summary>What the document says about one operation beyond what the endpoint declares.</summary>
/// <param name="OperationId">The id generated clients name their method after; unique.</param>
/// <param name="Summary">A few words, for lists and generated method comments.</param>
/// <param name="Description">What it does; null: the endpoint's own WithSummary sentence.</param>
internal sealed record OperationText(string OperationId, string Summary, string? Description = null)
{
    /// <summary>Error statuses the handler answers besides the ones every operation of its kind has.</summary>
    public IReadOnlyDictionary<int, string> Errors { get; init; } = new Dictionary<int, string>();

    /// <summary>Successful answers that are files rather than JSON (status → media type and what it is).</summary>
    public IReadOnlyDictionary<string, FileAnswer> Answers { get; init; } = new Dictionary<string, FileAnswer>();
}

internal sealed record FileAnswer(string MediaType, string Description);

/// <summary>A parameter's description and, for a closed vocabulary, its values.</summary>
internal sealed record ParameterText(string Description, IReadOnlyList<string>? Values = null);

/// <summary>
/// The words of the OpenAPI document, by method and path: one table, so the document reads the same
/// throughout, and a test fails for an operation that has none.
/// </summary>
internal static partial class ApiOperations
{
    /// <summary>The text of the operation "METHOD /path", e.g. "POST /api/v1/checks".</summary>
    public static OperationText? Find(string key) => ById.GetValueOrDefault(key);

    public static IReadOnlyCollection<string> Keys => ById.Keys;
}

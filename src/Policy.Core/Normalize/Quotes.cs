namespace Policy.Core.Normalize;

/// <summary>The quotation marks people type in German and English drafts, straight and typographic.</summary>
internal static class Quotes
{
    public static bool IsQuote(char c) => c is '"' or '\'' or '„' or '“' or '”' or '‚' or '‘' or '’' or '»' or '«' or '`';
}

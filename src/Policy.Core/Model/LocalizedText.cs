namespace Policy.Core.Model;

/// <summary>A text HR writes in German and English; either may be missing, the other stands in.</summary>
public sealed record LocalizedText(string De, string En)
{
    public static LocalizedText Empty { get; } = new(string.Empty, string.Empty);

    public string In(string language) => language == "en"
        ? (En.Length > 0 ? En : De)
        : (De.Length > 0 ? De : En);

    /// <summary>Fills {placeholders} such as {company} in both languages.</summary>
    public LocalizedText With(string name, string value) =>
        new(De.Replace("{" + name + "}", value, StringComparison.Ordinal), En.Replace("{" + name + "}", value, StringComparison.Ordinal));
}

namespace Policy.Core.Model;

/// <summary>A section of the written guideline; every rule belongs to one and every finding cites it.</summary>
public sealed record Section(string Id, LocalizedText Title, LocalizedText Text);

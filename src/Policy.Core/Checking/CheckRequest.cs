namespace Policy.Core.Checking;

public enum AccountKind
{
    Private,
    Corporate,
}

public enum MediaLicense
{
    Unknown,
    Own,
    Licensed,
}

public sealed record GeoPoint(double Lat, double Lon);

public sealed record Attachment(string FileName, string MediaType, string? AltText, MediaLicense License, GeoPoint? Gps);

/// <summary>
/// Who is asking, as authentication and the spokesperson registry say, never as the request claims.
/// </summary>
/// <param name="SpokespersonTopics">Topics the author may speak on for the company right now; empty for most employees.</param>
public sealed record Author(string Id, IReadOnlyList<string> Roles, IReadOnlyList<string> SpokespersonTopics)
{
    /// <summary>An employee without any right to speak for the company.</summary>
    public static Author Employee(string id) => new(id, ["employee"], []);

    public bool IsSpokesperson => SpokespersonTopics.Count > 0;
}

/// <summary>A draft and the context it will be posted in.</summary>
public sealed record CheckRequest(
    string Text,
    string Language,
    AccountKind Account,
    string? AccountHandle,
    bool ReplyToComplaint,
    IReadOnlyList<Attachment> Attachments,
    Author Author)
{
    public static CheckRequest Private(string text, string language = "auto") =>
        new(text, language, AccountKind.Private, null, false, [], Author.Employee("anonymous"));
}

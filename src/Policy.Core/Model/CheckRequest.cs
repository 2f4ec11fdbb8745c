using Policy.Core.Checking;

namespace Policy.Core.Model;

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

public sealed record Attachment(string FileName, string MediaType, string? AltText, MediaLicense License, GeoPoint? Gps)
{
    /// <summary>What the file itself said, when it was sent rather than only described; null for a description.</summary>
    public AttachmentFile? File { get; init; }
}

/// <summary>Rights fields embedded in a file (EXIF Artist/Copyright, IPTC credit/copyright, XMP rights).</summary>
public enum EmbeddedRights
{
    /// <summary>The file names no rights holder.</summary>
    Missing,

    /// <summary>The named holder is the author or the company.</summary>
    Own,

    /// <summary>The named holder is someone else.</summary>
    Foreign,
}

/// <summary>Whether the text in an image was read.</summary>
public enum ImageTextStatus
{
    /// <summary>Read; <see cref="AttachmentFile.RecognizedWords"/> counts the words.</summary>
    Read,

    /// <summary>Reading text is switched off by the operator.</summary>
    Off,

    /// <summary>It should have been read but was not (the format cannot be decoded here, or reading ran out of time).</summary>
    Unread,
}

/// <summary>
/// What was read from an attached file: its location (as a precision, the coordinates stay in
/// <see cref="Attachment.Gps"/>), its rights fields and how much text it shows.
/// </summary>
public sealed record AttachmentFile
{
    /// <summary>How precisely the file's GPS position places it, in metres; null without a position.</summary>
    public double? GpsPrecisionMeters { get; init; }

    public EmbeddedRights Rights { get; init; }

    /// <summary>The first rights holder named in the file, for the evidence of a finding.</summary>
    public string? RightsHolder { get; init; }

    public ImageTextStatus Text { get; init; }

    /// <summary>Words recognized with confidence (letters, two or more characters).</summary>
    public int RecognizedWords { get; init; }
}

/// <summary>
/// A right to speak for the company: on a topic, on some channels, as the spokesperson registry
/// says at the moment of the check.
/// </summary>
/// <param name="Topic">finance, products, people, crisis, general … as the pack's topics name them.</param>
/// <param name="Channels">Account handles (e.g. "@acme_de"), "private" for the person's own private
/// accounts, or "*" for every channel; empty also means every channel.</param>
public sealed record SpokespersonGrant(string Topic, IReadOnlyList<string> Channels)
{
    public bool Covers(string topic, AccountKind account, string? handle)
    {
        if (!string.Equals(Topic, topic, StringComparison.Ordinal))
        {
            return false;
        }

        if (Channels.Count == 0)
        {
            return true;
        }

        foreach (var channel in Channels)
        {
            if (channel == "*"
                || (channel == "private" && account == AccountKind.Private)
                || (handle is not null && string.Equals(channel.TrimStart('@'), handle.TrimStart('@'), StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// Who is asking, as authentication and the spokesperson registry say, never as the request claims.
/// </summary>
/// <param name="Grants">The author's rights to speak for the company right now; empty for most employees.</param>
public sealed record Author(string Id, IReadOnlyList<string> Roles, IReadOnlyList<SpokespersonGrant> Grants)
{
    /// <summary>An employee without any right to speak for the company.</summary>
    public static Author Employee(string id) => new(id, ["employee"], []);

    public bool IsSpokesperson => Grants.Count > 0;

    public bool MaySpeakOn(string topic, AccountKind account, string? handle)
    {
        for (var i = 0; i < Grants.Count; i++)
        {
            if (Grants[i].Covers(topic, account, handle))
            {
                return true;
            }
        }

        return false;
    }
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
    /// <summary>Crisis mode is on: posts on corporate accounts go to review unless the author is on the crisis team.</summary>
    public bool CrisisMode { get; init; }

    /// <summary>Who may speak on which topic right now (display names), so a finding can say whom to ask.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Spokespeople { get; init; } = EmptySpokespeople;

    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> EmptySpokespeople =
        System.Collections.Frozen.FrozenDictionary<string, IReadOnlyList<string>>.Empty;

    public static CheckRequest Private(string text, string language = "auto") =>
        new(text, language, AccountKind.Private, null, false, [], Author.Employee("anonymous"));
}

namespace Policy.Core.Accounts;

/// <summary>The social network an account lives on.</summary>
public enum Platform
{
    X,
    LinkedIn,
    Xing,
    Instagram,
    Facebook,
    TikTok,
    YouTube,
    Mastodon,
    Other,
}

/// <summary>In whose name the account is registered at the platform.</summary>
public enum RegisteredTo
{
    Company,
    Person,
}

/// <summary>Who pays the account's costs (subscriptions, ads, premium features).</summary>
public enum PaidBy
{
    Company,
    Employee,
    Shared,
    Nobody,
}

/// <summary>What the account is used for.</summary>
public enum Purpose
{
    Business,
    Private,
    Mixed,
}

/// <summary>Where the account stands.</summary>
public enum AccountStatus
{
    Active,
    HandedOver,
    Closed,
}

/// <summary>
/// The facts about an account that decide who owns it: in whose name and under which e-mail address
/// it is registered, who pays its costs, what it is used for and whether it holds customer contacts.
/// </summary>
/// <param name="RegisteredEmail">The e-mail address the account is registered under; null if unknown.</param>
/// <param name="ContactCount">Customer and business contacts in the account (followers, connections that are customers).</param>
public sealed record AccountFacts(
    RegisteredTo RegisteredTo,
    string? RegisteredEmail,
    PaidBy PaidBy,
    Purpose Purpose,
    int ContactCount);

/// <summary>Wire names of the enums ("x", "linkedin", "handed-over", …): one spelling for JSON, CSV and SQL.</summary>
public static class AccountNames
{
    public static readonly IReadOnlyList<string> Platforms = ["x", "linkedin", "xing", "instagram", "facebook", "tiktok", "youtube", "mastodon", "other"];
    public static readonly IReadOnlyList<string> RegisteredTos = ["company", "person"];
    public static readonly IReadOnlyList<string> Payers = ["company", "employee", "shared", "nobody"];
    public static readonly IReadOnlyList<string> Purposes = ["business", "private", "mixed"];
    public static readonly IReadOnlyList<string> Statuses = ["active", "handed-over", "closed"];
    public static readonly IReadOnlyList<string> Verdicts = ["company", "employee", "disputed"];

    public static string Name(this Platform p) => Platforms[(int)p];

    public static string Name(this RegisteredTo r) => RegisteredTos[(int)r];

    public static string Name(this PaidBy p) => Payers[(int)p];

    public static string Name(this Purpose p) => Purposes[(int)p];

    public static string Name(this AccountStatus s) => Statuses[(int)s];

    public static string Name(this Ownership o) => Verdicts[(int)o];

    public static string Name(this OwnershipFactor f) => f switch
    {
        OwnershipFactor.RegisteredName => "registered-name",
        OwnershipFactor.RegisteredEmail => "registered-email",
        OwnershipFactor.Costs => "costs",
        OwnershipFactor.Purpose => "purpose",
        OwnershipFactor.CustomerContacts => "customer-contacts",
        _ => throw new ArgumentOutOfRangeException(nameof(f)),
    };

    public static bool TryParse<T>(IReadOnlyList<string> names, string? value, out T result)
        where T : struct, Enum
    {
        var i = value is null ? -1 : IndexOf(names, value);
        result = i < 0 ? default : (T)Enum.ToObject(typeof(T), i);
        return i >= 0;
    }

    public static T Parse<T>(IReadOnlyList<string> names, string value)
        where T : struct, Enum =>
        TryParse<T>(names, value, out var result) ? result : throw new FormatException($"'{value}' is not one of {string.Join(", ", names)}");

    private static int IndexOf(IReadOnlyList<string> names, string value)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}

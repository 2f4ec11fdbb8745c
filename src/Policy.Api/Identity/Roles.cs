namespace Policy.Api.Identity;

/// <summary>The roles a key may carry; every endpoint names the roles it admits.</summary>
public static class Roles
{
    public const string Employee = "employee";
    public const string Hr = "hr";
    public const string Legal = "legal";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Employee, Hr, Legal, Admin];

    /// <summary>Authorization policy names, one per set of admitted roles.</summary>
    public static class Policies
    {
        public const string SignedIn = "signed-in";
        public const string HrOrAdmin = "hr-or-admin";
        public const string LegalOrAdmin = "legal-or-admin";
        public const string HrLegalOrAdmin = "hr-legal-or-admin";
        public const string AdminOnly = "admin";
    }
}

using System.Text.RegularExpressions;
using FluentValidation;
using Policy.Core.Accounts;

namespace Policy.Api.Accounts;

/// <summary>An account as HR, legal or the employee registers it. Enum fields take the lower-case wire names.</summary>
/// <param name="Platform">x, linkedin, xing, instagram, facebook, tiktok, youtube, mastodon, other.</param>
/// <param name="RegisteredTo">company or person: in whose name the account is registered.</param>
/// <param name="RegisteredName">The name as registered, e.g. "Acme Maschinenbau GmbH" or "Jürgen Müller".</param>
/// <param name="PaidBy">company, employee, shared or nobody.</param>
/// <param name="Purpose">business, private or mixed.</param>
/// <param name="EmployeeId">The employee the account is linked to (a person id); ignored on /mine.</param>
/// <param name="CreatedFor">The role or project the account was created for.</param>
/// <param name="AccessReference">Where the company keeps access: a reference into the password manager, never a password.</param>
/// <param name="ContactCount">Customer and business contacts in the account.</param>
/// <param name="ContactsCopiedAt">When the contacts were last copied into the company's customer list.</param>
/// <param name="Status">active (default), handed-over or closed.</param>
public sealed record AccountRequest(
    string? Platform,
    string? Handle,
    string? Url,
    string? DisplayName,
    string? RegisteredTo,
    string? RegisteredName,
    string? RegisteredEmail,
    string? PaidBy,
    string? Purpose,
    string? EmployeeId,
    string? CreatedFor,
    string? AccessReference,
    int? ContactCount,
    DateTimeOffset? ContactsCopiedAt,
    string? Status);

/// <param name="Verdict">company, employee or disputed; null removes the override.</param>
public sealed record OverrideRequest(string? Verdict, string? Justification);

/// <param name="Item">hand-over-account, copy-contacts, hand-over-access or stays-private.</param>
public sealed record OffboardingDoneRequest(string? AccountId, string? Item, string? Note);

/// <param name="Text">The reason in English, as before (kept for existing integrations).</param>
/// <param name="Code">The reason as a code (e.g. "costs.employee"), for wording it in any language; see docs/legal-guide.md.</param>
/// <param name="Value">What the reason quotes: the number of contacts or the e-mail domain; null when it quotes nothing.</param>
/// <param name="BasisCode">The legal source as a code ("hamburg-2013"), where there is one.</param>
public sealed record ReasonView(string Factor, string Points, string Text, string? Basis, string Code, string? Value, string? BasisCode);

public sealed record OverrideView(string Verdict, string Justification, string By, string At);

/// <param name="Computed">What the factors say.</param>
/// <param name="Override">Legal's decision, shown beside the computed verdict; null if none.</param>
/// <param name="Effective">The override if there is one, else the computed verdict.</param>
public sealed record VerdictView(string Computed, IReadOnlyList<ReasonView> Reasons, OverrideView? Override, string Effective);

/// <summary>One state of an account (the current one, or the one valid at an "as of" date) and its verdict.</summary>
public sealed record AccountView(
    string Id,
    long Version,
    string ValidFrom,
    string ChangedBy,
    string Change,
    string Platform,
    string Handle,
    string? Url,
    string? DisplayName,
    string RegisteredTo,
    string? RegisteredName,
    string? RegisteredEmail,
    string PaidBy,
    string Purpose,
    string? EmployeeId,
    string? CreatedFor,
    string? AccessReference,
    long ContactCount,
    string? ContactsCopiedAt,
    string Status,
    VerdictView Verdict);

public sealed record AccountPage(IReadOnlyList<AccountView> Items, string? Next);

public sealed partial class AccountRequestValidator : AbstractValidator<AccountRequest>
{
    public AccountRequestValidator()
    {
        RuleFor(r => r.Platform).NotEmpty()
            .Must(p => string.IsNullOrEmpty(p) || AccountNames.Platforms.Contains(p))
            .WithMessage($"'platform' must be one of {string.Join(", ", AccountNames.Platforms)}.")
            .OverridePropertyName("platform");
        RuleFor(r => r.Handle).NotEmpty().MaximumLength(100)
            .Matches(HandleShape()).WithMessage("'handle' is the account name without spaces, e.g. \"@acme_de\", \"acme-maschinenbau\" or \"@acme@social.example\".")
            .OverridePropertyName("handle");
        RuleFor(r => r.Url).MaximumLength(2_000)
            .Must(u => u is null || BeHttpUrl(u))
            .WithMessage("'url' must be an absolute http(s) address such as https://www.linkedin.com/company/acme.")
            .OverridePropertyName("url");
        RuleFor(r => r.DisplayName).MaximumLength(200).OverridePropertyName("displayName");
        RuleFor(r => r.RegisteredTo).NotEmpty()
            .Must(v => string.IsNullOrEmpty(v) || AccountNames.RegisteredTos.Contains(v))
            .WithMessage("'registeredTo' must be company or person.")
            .OverridePropertyName("registeredTo");
        RuleFor(r => r.RegisteredName).MaximumLength(200).OverridePropertyName("registeredName");
        RuleFor(r => r.RegisteredEmail).MaximumLength(254)
            .Must(e => e is null || BeEmail(e))
            .WithMessage("'registeredEmail' must be an e-mail address such as social@acme.de.")
            .OverridePropertyName("registeredEmail");
        RuleFor(r => r.PaidBy).NotEmpty()
            .Must(v => string.IsNullOrEmpty(v) || AccountNames.Payers.Contains(v))
            .WithMessage("'paidBy' must be company, employee, shared or nobody.")
            .OverridePropertyName("paidBy");
        RuleFor(r => r.Purpose).NotEmpty()
            .Must(v => string.IsNullOrEmpty(v) || AccountNames.Purposes.Contains(v))
            .WithMessage("'purpose' must be business, private or mixed.")
            .OverridePropertyName("purpose");
        RuleFor(r => r.EmployeeId).MaximumLength(100).OverridePropertyName("employeeId");
        RuleFor(r => r.CreatedFor).MaximumLength(200).OverridePropertyName("createdFor");
        RuleFor(r => r.AccessReference).MaximumLength(500)
            .Must(v => Policy.Core.Accounts.AccessReference.Problem(v) is null)
            .WithMessage(r => "'accessReference' " + Policy.Core.Accounts.AccessReference.Problem(r.AccessReference) + ".")
            .OverridePropertyName("accessReference");
        RuleFor(r => r.ContactCount).GreaterThanOrEqualTo(0).OverridePropertyName("contactCount");
        RuleFor(r => r.Status)
            .Must(v => v is null || AccountNames.Statuses.Contains(v))
            .WithMessage("'status' must be active, handed-over or closed.")
            .OverridePropertyName("status");
    }

    public static bool BeHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.Host.Length > 0 && uri.Host.Contains('.', StringComparison.Ordinal)
        && string.IsNullOrEmpty(uri.UserInfo) && !url.Any(char.IsWhiteSpace);

    public static bool BeEmail(string email)
    {
        if (!EmailShape().IsMatch(email))
        {
            return false;
        }

        // Internationalized domains (müller.de) are checked in their ASCII form (xn--mller-kva.de).
        var domain = email[(email.LastIndexOf('@') + 1)..];
        try
        {
            return CompanyDomains.IsDomain(new System.Globalization.IdnMapping().GetAscii(domain));
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^@?[\p{L}\p{N}._-]{1,100}(?:@[\p{L}\p{N}.-]+)?$")]
    private static partial Regex HandleShape();

    [GeneratedRegex(@"^[\p{L}\p{N}.!#$%&'*+/=?^_`{|}~-]{1,64}@[^@\s]+$")]
    private static partial Regex EmailShape();
}

public sealed class OverrideRequestValidator : AbstractValidator<OverrideRequest>
{
    public OverrideRequestValidator()
    {
        RuleFor(r => r.Verdict)
            .Must(v => v is null || AccountNames.Verdicts.Contains(v))
            .WithMessage("'verdict' must be company, employee or disputed (or null to remove the override).")
            .OverridePropertyName("verdict");
        RuleFor(r => r.Justification).NotEmpty().WithMessage("'justification' is required: say why legal decides differently.")
            .MaximumLength(4_000).OverridePropertyName("justification");
    }
}

public sealed class OffboardingDoneRequestValidator : AbstractValidator<OffboardingDoneRequest>
{
    public OffboardingDoneRequestValidator()
    {
        RuleFor(r => r.AccountId).NotEmpty().MaximumLength(100).OverridePropertyName("accountId");
        RuleFor(r => r.Item)
            .Must(v => v is not null && OffboardingItems.All.Contains(v))
            .WithMessage($"'item' must be one of {string.Join(", ", OffboardingItems.All)}.")
            .OverridePropertyName("item");
        RuleFor(r => r.Note).MaximumLength(1_000).OverridePropertyName("note");
    }
}

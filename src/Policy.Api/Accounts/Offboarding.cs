using System.Globalization;
using System.Text;
using Dapper;
using Policy.Api.Audit;
using Policy.Api.Export;

namespace Policy.Api.Accounts;

public static class OffboardingItems
{
    /// <summary>The employee hands the account over (company verdict); marking it done sets the status to handed-over.</summary>
    public const string HandOverAccount = "hand-over-account";

    /// <summary>Business contacts go into the customer list; marking it done sets contactsCopiedAt.</summary>
    public const string CopyContacts = "copy-contacts";

    /// <summary>The employee hands over access (password, 2FA); the company stores it in the password manager.</summary>
    public const string HandOverAccess = "hand-over-access";

    /// <summary>The account stays the employee's; marking it done records that this was told and checked.</summary>
    public const string StaysPrivate = "stays-private";

    public static readonly IReadOnlyList<string> All = [HandOverAccount, CopyContacts, HandOverAccess, StaysPrivate];
}

public sealed record OffboardingItem(
    string Item,
    string AccountId,
    string Platform,
    string Handle,
    string? Url,
    string Verdict,
    long ContactCount,
    string? ContactsCopiedAt,
    string? AccessReference,
    bool Done,
    string? DoneAt,
    string? DoneBy,
    string? Note);

/// <summary>What has to happen with an employee's accounts when they leave.</summary>
/// <param name="Disputed">Accounts whose verdict is disputed: legal decides (override) before anything is handed over.</param>
public sealed record OffboardingReport(
    string PersonId,
    string GeneratedAt,
    IReadOnlyList<OffboardingItem> HandOverAccounts,
    IReadOnlyList<OffboardingItem> CopyContacts,
    IReadOnlyList<OffboardingItem> HandOverAccess,
    IReadOnlyList<OffboardingItem> StaysPrivate,
    IReadOnlyList<AccountView> Disputed)
{
    public IEnumerable<OffboardingItem> Items => HandOverAccounts.Concat(CopyContacts).Concat(HandOverAccess).Concat(StaysPrivate);
}

/// <summary>Builds the offboarding report from the registry and records each step done, audited.</summary>
public sealed class Offboarding(AccountStore store, CompanyDomainSource domains, AuditLog audit)
{
    public OffboardingReport Report(string personId, string actor, string format)
    {
        var now = store.Now();
        var domainSet = domains.Current;
        using var connection = store.Open();
        var accounts = AccountStore.Stream(connection, new AccountFilter(now, Employee: personId), domainSet)
            .Where(x => x.Row.Status != "closed")
            .ToList();
        var done = connection.Query<(string AccountId, string Item, string DoneAt, string DoneBy, string Note)>(
                "SELECT account_id, item, done_at, done_by, note FROM account_offboarding WHERE person_id = @personId ORDER BY seq",
                new { personId })
            .GroupBy(d => (d.AccountId, d.Item))
            .ToDictionary(g => g.Key, g => g.Last());

        OffboardingItem Item(string item, AccountRow r, string verdict) =>
            done.TryGetValue((r.AccountId, item), out var d)
                ? new(item, r.AccountId, r.Platform, r.Handle, r.Url, verdict, r.ContactCount, r.ContactsCopiedAt, r.AccessReference, true, d.DoneAt, d.DoneBy, d.Note)
                : new(item, r.AccountId, r.Platform, r.Handle, r.Url, verdict, r.ContactCount, r.ContactsCopiedAt, r.AccessReference, false, null, null, null);

        var handOver = new List<OffboardingItem>();
        var copy = new List<OffboardingItem>();
        var access = new List<OffboardingItem>();
        var stays = new List<OffboardingItem>();
        var disputed = new List<AccountView>();
        foreach (var (r, _, verdict) in accounts)
        {
            switch (verdict)
            {
                case "company":
                    handOver.Add(Item(OffboardingItems.HandOverAccount, r, verdict));
                    access.Add(Item(OffboardingItems.HandOverAccess, r, verdict));
                    break;
                case "employee":
                    stays.Add(Item(OffboardingItems.StaysPrivate, r, verdict));
                    break;
                default:
                    disputed.Add(r.ToView(domainSet));
                    break;
            }

            // Business contacts are copied whatever becomes of the account, unless legal found it private.
            if (r.ContactCount > 0 && r.Purpose != "private" && verdict != "employee")
            {
                copy.Add(Item(OffboardingItems.CopyContacts, r, verdict));
            }
        }

        var report = new OffboardingReport(personId, now, handOver, copy, access, stays, disputed);
        audit.Append(actor, AuditAction.AccountsOffboardingReport, personId, new
        {
            format,
            handOver = handOver.Count,
            copyContacts = copy.Count,
            handOverAccess = access.Count,
            staysPrivate = stays.Count,
            disputed = disputed.Count,
            open = report.Items.Count(i => !i.Done),
        });
        return report;
    }

    /// <summary>Marks one item done; false if the account is not (any more) linked to the person.</summary>
    public bool MarkDone(string actor, string personId, string accountId, string item, string note)
    {
        var now = store.Now();
        using var connection = store.Open();
        using var tx = store.BeginWrite(connection);
        var linked = connection.ExecuteScalar<long>(
            "SELECT COUNT(*) FROM accounts a JOIN account_versions v ON v.account_id = a.id AND v.version_no = a.current_version WHERE a.id = @accountId AND v.employee_id = @personId",
            new { accountId, personId },
            tx) > 0;
        if (!linked)
        {
            return false;
        }

        connection.Execute(
            "INSERT INTO account_offboarding (person_id, account_id, item, done_at, done_by, note) VALUES (@personId, @accountId, @item, @now, @actor, @note)",
            new { personId, accountId, item, now, actor, note },
            tx);
        switch (item)
        {
            case OffboardingItems.HandOverAccount:
                store.AppendIn(connection, tx, actor, accountId, "handed-over", r => r.Status = "handed-over");
                break;
            case OffboardingItems.CopyContacts:
                store.AppendIn(connection, tx, actor, accountId, "contacts-copied", r => r.ContactsCopiedAt = now);
                break;
        }

        audit.Append(connection, tx, actor, AuditAction.AccountsOffboardingDone, accountId, new { personId, item, note });
        tx.Commit();
        return true;
    }

    public static string ToCsv(OffboardingReport report, char delimiter)
    {
        var sb = new StringBuilder();
        Csv.AppendRow(sb, delimiter, "personId", "item", "accountId", "platform", "handle", "url", "verdict", "contactCount", "contactsCopiedAt", "accessReference", "done", "doneAt", "doneBy", "note");
        foreach (var i in report.Items)
        {
            Csv.AppendRow(sb, delimiter, report.PersonId, i.Item, i.AccountId, i.Platform, i.Handle, i.Url, i.Verdict, i.ContactCount.ToString(CultureInfo.InvariantCulture),
                i.ContactsCopiedAt, i.AccessReference, i.Done ? "yes" : "no", i.DoneAt, i.DoneBy, i.Note);
        }

        foreach (var d in report.Disputed)
        {
            Csv.AppendRow(sb, delimiter, report.PersonId, "decide-ownership", d.Id, d.Platform, d.Handle, d.Url, d.Verdict.Effective, d.ContactCount.ToString(CultureInfo.InvariantCulture),
                d.ContactsCopiedAt, d.AccessReference, "no", null, null, "disputed: legal decides (override) before handing over");
        }

        return sb.ToString();
    }
}

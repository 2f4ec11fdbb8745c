using Dapper;
using Policy.Api.Audit;
using Policy.Api.Store;
using Policy.Core.Accounts;

namespace Policy.Api.Accounts;

/// <summary>One row of account_versions: an account as it was from <see cref="ValidFrom"/> on.</summary>
public sealed class AccountRow
{
    public string AccountId { get; set; } = string.Empty;
    public long VersionNo { get; set; }
    public string ValidFrom { get; set; } = string.Empty;
    public string ChangedBy { get; set; } = string.Empty;
    public string Change { get; set; } = string.Empty;
    public string Platform { get; set; } = string.Empty;
    public string Handle { get; set; } = string.Empty;
    public string? Url { get; set; }
    public string? DisplayName { get; set; }
    public string RegisteredTo { get; set; } = string.Empty;
    public string? RegisteredName { get; set; }
    public string? RegisteredEmail { get; set; }
    public string PaidBy { get; set; } = string.Empty;
    public string Purpose { get; set; } = string.Empty;
    public string? EmployeeId { get; set; }
    public string? CreatedFor { get; set; }
    public string? AccessReference { get; set; }
    public long ContactCount { get; set; }
    public string? ContactsCopiedAt { get; set; }
    public string Status { get; set; } = string.Empty;
    public string? OverrideVerdict { get; set; }
    public string? OverrideJustification { get; set; }
    public string? OverrideBy { get; set; }
    public string? OverrideAt { get; set; }

    public AccountRow Copy() => (AccountRow)MemberwiseClone();

    public AccountFacts Facts() => new(
        AccountNames.Parse<RegisteredTo>(AccountNames.RegisteredTos, RegisteredTo),
        RegisteredEmail,
        AccountNames.Parse<PaidBy>(AccountNames.Payers, PaidBy),
        AccountNames.Parse<Purpose>(AccountNames.Purposes, Purpose),
        (int)Math.Min(ContactCount, int.MaxValue));

    /// <summary>The computed assessment and the verdict that counts (legal's override, if any).</summary>
    public (OwnershipAssessment Assessment, string Effective) Assess(CompanyDomains domains)
    {
        var assessment = OwnershipRules.Assess(Facts(), domains);
        return (assessment, OverrideVerdict ?? assessment.Verdict.Name());
    }

    public AccountView ToView(CompanyDomains domains)
    {
        var (a, effective) = Assess(domains);
        var verdict = new VerdictView(
            a.Verdict.Name(),
            [.. a.Reasons.Select(r => new ReasonView(r.Factor.Name(), r.Points.ToString().ToLowerInvariant(), r.Text, r.Basis, r.Code, r.Value, r.BasisCode))],
            OverrideVerdict is null ? null : new OverrideView(OverrideVerdict, OverrideJustification ?? string.Empty, OverrideBy ?? string.Empty, OverrideAt ?? string.Empty),
            effective);
        return new AccountView(AccountId, VersionNo, ValidFrom, ChangedBy, Change, Platform, Handle, Url, DisplayName, RegisteredTo, RegisteredName,
            RegisteredEmail, PaidBy, Purpose, EmployeeId, CreatedFor, AccessReference, ContactCount, ContactsCopiedAt, Status, verdict);
    }
}

/// <summary>Which accounts a list or export shows: the state valid at <see cref="AsOf"/>, then filtered.</summary>
public sealed record AccountFilter(string AsOf, string? Status = null, string? Employee = null, string? Verdict = null);

public enum WriteOutcome
{
    Done,
    NotFound,
    DuplicateHandle,
}

/// <summary>
/// The account registry on SQLite. A write appends a version (never updates one) and its audit entry in
/// one transaction; reads pick, per account, the latest version valid at the asked time.
/// </summary>
public sealed class AccountStore(Database db, AuditLog audit, TimeProvider time)
{
    internal const string Columns = """
        v.account_id AS AccountId, v.version_no AS VersionNo, v.valid_from AS ValidFrom, v.changed_by AS ChangedBy, v.change AS Change,
        v.platform AS Platform, v.handle AS Handle, v.url AS Url, v.display_name AS DisplayName, v.registered_to AS RegisteredTo,
        v.registered_name AS RegisteredName, v.registered_email AS RegisteredEmail, v.paid_by AS PaidBy, v.purpose AS Purpose,
        v.employee_id AS EmployeeId, v.created_for AS CreatedFor, v.access_reference AS AccessReference, v.contact_count AS ContactCount,
        v.contacts_copied_at AS ContactsCopiedAt, v.status AS Status, v.override_verdict AS OverrideVerdict,
        v.override_justification AS OverrideJustification, v.override_by AS OverrideBy, v.override_at AS OverrideAt
        """;

    /// <summary>Per account, the latest version valid at @asOf; then the status and employee filters.</summary>
    private const string AsOfQuery = $"""
        SELECT {Columns}
        FROM accounts a
        JOIN account_versions v ON v.account_id = a.id AND v.version_no =
            (SELECT MAX(w.version_no) FROM account_versions w WHERE w.account_id = a.id AND w.valid_from <= @AsOf)
        WHERE (@Status IS NULL OR v.status = @Status)
          AND (@Employee IS NULL OR v.employee_id = @Employee)
          AND a.id > @After
        ORDER BY a.id
        """;

    public string Now() => StoreTime.Stamp(time.GetUtcNow());

    public static string HandleKey(string handle) => handle.Trim().TrimStart('@').ToLowerInvariant();

    public bool PersonExists(string personId)
    {
        using var connection = db.Open();
        return connection.ExecuteScalar<long>("SELECT COUNT(*) FROM people WHERE id = @personId", new { personId }) > 0;
    }

    public (WriteOutcome Outcome, AccountRow? Row) Create(string actor, AccountRequest r, string employeeId)
    {
        var now = time.GetUtcNow();
        var row = FromRequest(r, new AccountRow { AccountId = Guid.CreateVersion7(now).ToString(), VersionNo = 1, Change = "created" }, employeeId);
        using var connection = db.Open();
        using var tx = db.BeginWrite(connection);
        if (HandleTaken(connection, tx, row.Platform, row.Handle, row.AccountId))
        {
            return (WriteOutcome.DuplicateHandle, null);
        }

        row.ValidFrom = StoreTime.Stamp(now);
        row.ChangedBy = actor;
        connection.Execute(
            "INSERT INTO accounts (id, platform, handle_key, current_version, created_at, created_by) VALUES (@AccountId, @Platform, @key, 1, @ValidFrom, @ChangedBy)",
            new { row.AccountId, row.Platform, key = HandleKey(row.Handle), row.ValidFrom, row.ChangedBy },
            tx);
        InsertVersion(connection, tx, row);
        audit.Append(connection, tx, actor, AuditAction.AccountCreated, row.AccountId, AuditDetails(row));
        tx.Commit();
        return (WriteOutcome.Done, row);
    }

    /// <summary>Appends a version with the request's fields; legal's override is kept.</summary>
    public (WriteOutcome Outcome, AccountRow? Row) Change(string actor, string id, AccountRequest r) =>
        Append(actor, id, "changed", current =>
        {
            var next = FromRequest(r, current.Copy(), r.EmployeeId);
            return next;
        });

    /// <summary>Sets (or with a null verdict removes) legal's override, with its justification.</summary>
    public (WriteOutcome Outcome, AccountRow? Row) Override(string actor, string id, string? verdict, string justification) =>
        Append(actor, id, verdict is null ? "override-removed" : "overridden", current =>
        {
            var next = current.Copy();
            next.OverrideVerdict = verdict;
            next.OverrideJustification = verdict is null ? null : justification;
            next.OverrideBy = verdict is null ? null : actor;
            next.OverrideAt = verdict is null ? null : Now();
            return next;
        }, extra: new { verdict, justification });

    /// <summary>Appends a version changed by <paramref name="change"/> (e.g. an offboarding step), inside the caller's transaction.</summary>
    internal AccountRow? AppendIn(DbConnection connection, DbTransaction tx, string actor, string id, string changeName, Action<AccountRow> change)
    {
        var current = Current(connection, tx, id);
        if (current is null)
        {
            return null;
        }

        var next = current.Copy();
        change(next);
        Stamp(next, current, actor, changeName);
        InsertVersion(connection, tx, next);
        connection.Execute("UPDATE accounts SET current_version = @VersionNo WHERE id = @AccountId", new { next.VersionNo, next.AccountId }, tx);
        audit.Append(connection, tx, actor, AuditActions.ForAccountChange(changeName), id, AuditDetails(next));
        return next;
    }

    public AccountRow? Get(string id, string asOf)
    {
        using var connection = db.Open();
        return connection.QuerySingleOrDefault<AccountRow>(
            $"""
            SELECT {Columns} FROM account_versions v
            WHERE v.account_id = @id AND v.valid_from <= @asOf ORDER BY v.version_no DESC LIMIT 1
            """,
            new { id, asOf });
    }

    /// <summary>The current state of every account with this handle, on any platform.</summary>
    public IReadOnlyList<AccountRow> CurrentByHandle(string handle)
    {
        using var connection = db.Open();
        return [.. connection.Query<AccountRow>(
            $"""
            SELECT {Columns} FROM accounts a
            JOIN account_versions v ON v.account_id = a.id AND v.version_no = a.current_version
            WHERE a.handle_key = @key
            """,
            new { key = HandleKey(handle) })];
    }

    public IReadOnlyList<AccountRow> History(string id)
    {
        using var connection = db.Open();
        return [.. connection.Query<AccountRow>($"SELECT {Columns} FROM account_versions v WHERE v.account_id = @id ORDER BY v.version_no", new { id })];
    }

    /// <summary>
    /// The accounts as of the filter's date, one at a time as SQLite yields them (nothing is buffered),
    /// verdict filter applied; the caller owns the open connection.
    /// </summary>
    public static IEnumerable<(AccountRow Row, OwnershipAssessment Assessment, string Effective)> Stream(
        DbConnection connection, AccountFilter filter, CompanyDomains domains, string after = "")
    {
        var rows = connection.Query<AccountRow>(AsOfQuery, new { filter.AsOf, filter.Status, filter.Employee, After = after }, buffered: false);
        foreach (var row in rows)
        {
            var (assessment, effective) = row.Assess(domains);
            if (filter.Verdict is null || filter.Verdict == effective)
            {
                yield return (row, assessment, effective);
            }
        }
    }

    public DbConnection Open() => db.Open();

    public DbTransaction BeginWrite(DbConnection connection) => db.BeginWrite(connection);

    private (WriteOutcome, AccountRow?) Append(string actor, string id, string changeName, Func<AccountRow, AccountRow> change, object? extra = null)
    {
        using var connection = db.Open();
        using var tx = db.BeginWrite(connection);
        var current = Current(connection, tx, id);
        if (current is null)
        {
            return (WriteOutcome.NotFound, null);
        }

        var next = change(current);
        if (HandleTaken(connection, tx, next.Platform, next.Handle, id))
        {
            return (WriteOutcome.DuplicateHandle, null);
        }

        Stamp(next, current, actor, changeName);
        InsertVersion(connection, tx, next);
        connection.Execute(
            "UPDATE accounts SET current_version = @VersionNo, platform = @Platform, handle_key = @key WHERE id = @AccountId",
            new { next.VersionNo, next.Platform, key = HandleKey(next.Handle), next.AccountId },
            tx);
        audit.Append(connection, tx, actor, AuditActions.ForAccountChange(changeName), id, extra ?? AuditDetails(next));
        tx.Commit();
        return (WriteOutcome.Done, next);
    }

    private void Stamp(AccountRow next, AccountRow current, string actor, string changeName)
    {
        next.VersionNo = current.VersionNo + 1;
        next.ChangedBy = actor;
        next.Change = changeName;
        // Versions of one account are in time order even if the clock steps back.
        var now = Now();
        next.ValidFrom = string.CompareOrdinal(now, current.ValidFrom) >= 0 ? now : current.ValidFrom;
    }

    private static AccountRow? Current(DbConnection connection, DbTransaction tx, string id) =>
        connection.QuerySingleOrDefault<AccountRow>(
            $"SELECT {Columns} FROM accounts a JOIN account_versions v ON v.account_id = a.id AND v.version_no = a.current_version WHERE a.id = @id",
            new { id },
            tx);

    private static bool HandleTaken(DbConnection connection, DbTransaction tx, string platform, string handle, string id) =>
        connection.ExecuteScalar<long>(
            "SELECT COUNT(*) FROM accounts WHERE platform = @platform AND handle_key = @key AND id <> @id",
            new { platform, key = HandleKey(handle), id },
            tx) > 0;

    private static AccountRow FromRequest(AccountRequest r, AccountRow row, string? employeeId)
    {
        row.Platform = r.Platform!;
        row.Handle = r.Handle!.Trim();
        row.Url = Blank(r.Url);
        row.DisplayName = Blank(r.DisplayName);
        row.RegisteredTo = r.RegisteredTo!;
        row.RegisteredName = Blank(r.RegisteredName);
        row.RegisteredEmail = Blank(r.RegisteredEmail);
        row.PaidBy = r.PaidBy!;
        row.Purpose = r.Purpose!;
        row.EmployeeId = Blank(employeeId);
        row.CreatedFor = Blank(r.CreatedFor);
        row.AccessReference = Blank(r.AccessReference);
        // Left out on a change: kept as they were.
        row.ContactCount = r.ContactCount ?? row.ContactCount;
        row.ContactsCopiedAt = r.ContactsCopiedAt is { } c ? StoreTime.Stamp(c) : row.ContactsCopiedAt;
        row.Status = r.Status ?? (row.Status.Length > 0 ? row.Status : "active");
        return row;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static object AuditDetails(AccountRow r) => new
    {
        version = r.VersionNo,
        r.Platform,
        r.Handle,
        r.RegisteredTo,
        r.RegisteredEmail,
        r.PaidBy,
        r.Purpose,
        r.EmployeeId,
        r.ContactCount,
        r.ContactsCopiedAt,
        r.Status,
    };

    private static void InsertVersion(DbConnection connection, DbTransaction tx, AccountRow r) =>
        connection.Execute(
            """
            INSERT INTO account_versions (account_id, version_no, valid_from, changed_by, change, platform, handle, url, display_name,
                registered_to, registered_name, registered_email, paid_by, purpose, employee_id, created_for, access_reference,
                contact_count, contacts_copied_at, status, override_verdict, override_justification, override_by, override_at)
            VALUES (@AccountId, @VersionNo, @ValidFrom, @ChangedBy, @Change, @Platform, @Handle, @Url, @DisplayName,
                @RegisteredTo, @RegisteredName, @RegisteredEmail, @PaidBy, @Purpose, @EmployeeId, @CreatedFor, @AccessReference,
                @ContactCount, @ContactsCopiedAt, @Status, @OverrideVerdict, @OverrideJustification, @OverrideBy, @OverrideAt)
            """,
            r,
            tx);
}

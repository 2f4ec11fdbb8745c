namespace Policy.Api.Audit;

/// <summary>What an audit entry records. The stored and published name (<see cref="AuditActions.Name"/>)
/// is the wire contract of <c>/api/v1/audit</c> and of every export: a new action gets a member and a
/// name here, an existing name never changes.</summary>
public enum AuditAction
{
    AuditKeyed,
    AuditCovered,
    KeyCreated,
    KeyRevoked,
    PackUploaded,
    PackActivated,
    PackRolledBack,
    PackMaterial,
    PackChecking,
    CrisisOn,
    CrisisOff,
    SpokespersonCreated,
    SpokespersonChanged,
    SpokespersonEnded,
    AccountCreated,
    AccountChanged,
    AccountOverridden,
    AccountOverrideRemoved,
    AccountHandedOver,
    AccountContactsCopied,
    AccountsOffboardingReport,
    AccountsOffboardingDone,
    AccountsExported,
    FalsePositiveExported,
    FalsePositiveReported,
    MonitoringFeedAdded,
    MonitoringFeedRemoved,
    MonitoringTermAdded,
    MonitoringTermRemoved,
    AcknowledgementReminder,
    NotificationSubscriptionDeleted,
    NotificationSubscriptionSecret,
    NotificationSubscriptionCreated,
    NotificationSubscriptionChanged,
    CheckOverridden,
    PersonSignedInFirst,
    PersonDirectoryRoles,
    PeopleRosterImported,
    PersonOffboarded,
    PersonReinstated,
    ReviewRequested,
    ReviewApproved,
    ReviewRejected,
    ReviewChangesRequested,
    ReviewWithdrawn,
    ReviewExpired,
}

public static class AuditActions
{
    /// <summary>The name stored in <c>audit.action</c> and shown by the API.</summary>
    public static string Name(this AuditAction action) => action switch
    {
        AuditAction.AuditKeyed => "audit.keyed",
        AuditAction.AuditCovered => "audit.covered",
        AuditAction.KeyCreated => "key.created",
        AuditAction.KeyRevoked => "key.revoked",
        AuditAction.PackUploaded => "pack.uploaded",
        AuditAction.PackActivated => "pack.activated",
        AuditAction.PackRolledBack => "pack.rolled_back",
        AuditAction.PackMaterial => "pack.material",
        AuditAction.PackChecking => "pack.checking",
        AuditAction.CrisisOn => "crisis.on",
        AuditAction.CrisisOff => "crisis.off",
        AuditAction.SpokespersonCreated => "spokesperson.created",
        AuditAction.SpokespersonChanged => "spokesperson.changed",
        AuditAction.SpokespersonEnded => "spokesperson.ended",
        AuditAction.AccountCreated => "account.created",
        AuditAction.AccountChanged => "account.changed",
        AuditAction.AccountOverridden => "account.overridden",
        AuditAction.AccountOverrideRemoved => "account.override-removed",
        AuditAction.AccountHandedOver => "account.handed-over",
        AuditAction.AccountContactsCopied => "account.contacts-copied",
        AuditAction.AccountsOffboardingReport => "accounts.offboarding-report",
        AuditAction.AccountsOffboardingDone => "accounts.offboarding-done",
        AuditAction.AccountsExported => "accounts.exported",
        AuditAction.FalsePositiveExported => "false-positive.exported",
        AuditAction.FalsePositiveReported => "false-positive.reported",
        AuditAction.MonitoringFeedAdded => "monitoring.feed.added",
        AuditAction.MonitoringFeedRemoved => "monitoring.feed.removed",
        AuditAction.MonitoringTermAdded => "monitoring.term.added",
        AuditAction.MonitoringTermRemoved => "monitoring.term.removed",
        AuditAction.AcknowledgementReminder => "acknowledgement.reminder",
        AuditAction.NotificationSubscriptionDeleted => "notification.subscription.deleted",
        AuditAction.NotificationSubscriptionSecret => "notification.subscription.secret",
        AuditAction.NotificationSubscriptionCreated => "notification.subscription.created",
        AuditAction.NotificationSubscriptionChanged => "notification.subscription.changed",
        AuditAction.CheckOverridden => "check.overridden",
        AuditAction.PersonSignedInFirst => "person.signed-in-first",
        AuditAction.PersonDirectoryRoles => "person.directory-roles",
        AuditAction.PeopleRosterImported => "people.roster-imported",
        AuditAction.PersonOffboarded => "person.offboarded",
        AuditAction.PersonReinstated => "person.reinstated",
        AuditAction.ReviewRequested => "review.requested",
        AuditAction.ReviewApproved => "review.approved",
        AuditAction.ReviewRejected => "review.rejected",
        AuditAction.ReviewChangesRequested => "review.changes-requested",
        AuditAction.ReviewWithdrawn => "review.withdrawn",
        AuditAction.ReviewExpired => "review.expired",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "an audit action without a name"),
    };

    /// <summary>The action of an account change, by the change name its version row keeps.</summary>
    public static AuditAction ForAccountChange(string change) => change switch
    {
        "changed" => AuditAction.AccountChanged,
        "overridden" => AuditAction.AccountOverridden,
        "override-removed" => AuditAction.AccountOverrideRemoved,
        "handed-over" => AuditAction.AccountHandedOver,
        "contacts-copied" => AuditAction.AccountContactsCopied,
        _ => throw new ArgumentOutOfRangeException(nameof(change), change, "an account change without an audit action"),
    };

    /// <summary>The action of a spokesperson change, by the action its version row keeps.</summary>
    public static AuditAction ForSpokespersonChange(string change) => change switch
    {
        "created" => AuditAction.SpokespersonCreated,
        "changed" => AuditAction.SpokespersonChanged,
        "ended" => AuditAction.SpokespersonEnded,
        _ => throw new ArgumentOutOfRangeException(nameof(change), change, "a spokesperson change without an audit action"),
    };
}

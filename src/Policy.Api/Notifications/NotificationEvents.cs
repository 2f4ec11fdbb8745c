namespace Policy.Api.Notifications;

/// <summary>The events a subscription can receive, with the shape of each one's <c>data</c>.</summary>
public static class NotificationEvents
{
    public const string ReviewRequested = "review.requested";
    public const string ReviewDecided = "review.decided";
    public const string ReviewExpired = "review.expired";
    public const string CrisisOn = "crisis.on";
    public const string CrisisOff = "crisis.off";
    public const string GuidelineActivated = "guideline.activated";
    public const string AcknowledgementReminder = "acknowledgement.reminder";
    public const string MonitoringAlert = "monitoring.alert";

    /// <summary>Sent only by the test button, only to the subscription tested.</summary>
    public const string Test = "notification.test";

    public static readonly IReadOnlyList<NotificationEventInfo> All =
    [
        new(ReviewRequested, "An author asked for approval of a checked draft; names the reviewers it was routed to.", "Eine Autorin oder ein Autor bittet um Freigabe eines geprüften Entwurfs; nennt die Prüfenden.", typeof(ReviewRequestedData)),
        new(ReviewDecided, "A reviewer approved, rejected or asked for changes (or the author withdrew).", "Eine Prüferin oder ein Prüfer hat freigegeben, abgelehnt oder Änderungen erbeten (oder die Anfrage wurde zurückgezogen).", typeof(ReviewDecidedData)),
        new(ReviewExpired, "A review request was not decided in time.", "Eine Freigabeanfrage wurde nicht rechtzeitig entschieden.", typeof(ReviewExpiredData)),
        new(CrisisOn, "Crisis mode was switched on: corporate posts need review.", "Der Krisenmodus wurde eingeschaltet: Unternehmensposts brauchen eine Freigabe.", typeof(CrisisData)),
        new(CrisisOff, "Crisis mode was switched off.", "Der Krisenmodus wurde ausgeschaltet.", typeof(CrisisData)),
        new(GuidelineActivated, "A guideline (pack) version was activated or rolled back; says whether it is material (everyone must acknowledge again).", "Eine Version der Richtlinie wurde aktiviert oder zurückgerollt; sagt, ob sie wesentlich ist (alle müssen neu bestätigen).", typeof(GuidelineActivatedData)),
        new(AcknowledgementReminder, "HR sent a reminder: these people have not acknowledged the current guideline.", "HR erinnert: diese Personen haben die aktuelle Richtlinie noch nicht bestätigt.", typeof(AcknowledgementReminderData)),
        new(MonitoringAlert, "Mentions of a watched term spiked over their baseline; for a crisis term, with the suggestion to switch crisis mode on.", "Erwähnungen eines beobachteten Begriffs liegen weit über dem Üblichen; bei einem Krisenbegriff mit dem Vorschlag, den Krisenmodus einzuschalten.", typeof(MonitoringAlertData)),
        new(Test, "Sent by the test button to check a receiver.", "Vom Test-Knopf gesendet, um einen Empfänger zu prüfen.", typeof(TestData)),
    ];

    public static bool IsKnown(string name) => All.Any(e => e.Name == name);
}

/// <summary>One event: its name, what it means (English, German) and the type of its <c>data</c>.</summary>
public sealed record NotificationEventInfo(string Name, string Description, string DescriptionDe, [property: System.Text.Json.Serialization.JsonIgnore] Type DataType);

/// <summary>
/// The JSON body of a webhook in the "json" format, exactly as stored in the outbox: the event's
/// id (UUID v7, unique, use it to drop duplicates), its name, when it happened, and its data.
/// </summary>
public sealed record NotificationEnvelope<T>(string Id, string Event, DateTimeOffset OccurredAt, T Data);

public sealed record ReviewRequestedData(
    string ReviewId, string CheckId, string State, string Decision, string Route, IReadOnlyList<string> Reviewers,
    IReadOnlyList<string> Topics, string Channel, string RequestedBy, DateTimeOffset RequestedAt, DateTimeOffset ExpiresAt);

public sealed record ReviewDecidedData(
    string ReviewId, string CheckId, string State, string Route, string DecidedBy, DateTimeOffset DecidedAt,
    string? Reason, string? ApprovalReference, bool Edited, string RequestedBy);

public sealed record ReviewExpiredData(
    string ReviewId, string CheckId, string State, string Route, IReadOnlyList<string> Reviewers, string RequestedBy, DateTimeOffset ExpiredAt);

/// <param name="By">The person id of who switched it.</param>
public sealed record CrisisData(bool Active, string Reason, string By, DateTimeOffset At);

/// <param name="Action">"activate" or "rollback".</param>
/// <param name="Material">The version is marked material: everyone must acknowledge it again.</param>
/// <param name="Checking">This pack checks drafts (the company pack rather than a base under it).</param>
public sealed record GuidelineActivatedData(
    string PackId, string Version, string? Previous, string Action, bool Material, bool Checking, string By, DateTimeOffset At);

/// <summary>A person who still has to acknowledge: id and name, no e-mail address.</summary>
public sealed record PendingPerson(string PersonId, string DisplayName);

public sealed record AcknowledgementReminderData(
    string PackId, string Version, int Pending, IReadOnlyList<PendingPerson> People, string By, DateTimeOffset At);

/// <summary>A mention behind an alert: where it is and the public handle that posted it; never its text.</summary>
public sealed record MentionSample(string Source, string Url, string AuthorHandle, DateTimeOffset PublishedAt);

/// <param name="Hour">Start of the UTC hour the spike is in.</param>
/// <param name="Count">Mentions of the term in that hour so far.</param>
/// <param name="Baseline">Average mentions per hour over the baseline window before it.</param>
/// <param name="SuggestCrisisMode">A crisis term spiked while crisis mode is off: consider switching it on.</param>
public sealed record MonitoringAlertData(
    string AlertId, string TermId, string Term, string Category, bool Crisis, DateTimeOffset Hour, long Count,
    double Baseline, double Factor, bool SuggestCrisisMode, IReadOnlyList<MentionSample> Samples, DateTimeOffset RaisedAt);

public sealed record TestData(string SubscriptionId, string By, string Message);

namespace Policy.Api.OpenApi;

internal static partial class ApiOperations
{
    public static readonly IReadOnlyDictionary<string, string> Tags = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Checks"] = "Check draft posts against the active guideline pack: one draft, a batch, or images.",
        ["Guideline"] = "The guideline as people read it, their acknowledgements, and reminders to acknowledge.",
        ["Reviews"] = "Approval of warn and review checks by the people the check is routed to.",
        ["Overrides"] = "Proceeding past a warn (or overridable review) check with a justification.",
        ["False positives"] = "Reports of findings that were wrong, for tuning the packs.",
        ["Decisions"] = "The decision log: your own past checks and anonymous statistics.",
        ["Packs"] = "Policy packs: upload, validate, activate, roll back, compare and simulate versions.",
        ["Spokespeople"] = "Who may speak for the company on which topic, and the crisis mode.",
        ["Accounts"] = "The registry of social-media accounts, who owns them, and offboarding.",
        ["People"] = "The people registry: sign-ins, keys, HR's roster and offboarding.",
        ["Identity"] = "The caller, and the API keys admins issue.",
        ["Audit"] = "The hash-chained audit log of every change to records.",
        ["Notifications"] = "Webhook and e-mail subscriptions to events, and their deliveries.",
        ["Monitoring"] = "Public mentions of watched terms, volume and spike alerts, and polled feeds.",
    };

    /// <summary>Parameters by name, or by "METHOD /path name" where one name means different things.</summary>
    private static readonly Dictionary<string, ParameterText> Parameters = new(StringComparer.Ordinal)
    {
        ["id"] = new("The id of the resource, as the list or the creating answer gave it."),
        ["version"] = new("A pack version, e.g. 2.0.0; for acknowledgements default the active one."),
        ["pack"] = new("A pack id; default the checking pack."),
        ["limit"] = new("At most this many items (the endpoint caps it)."),
        ["after"] = new("Paging: the 'next' value (or last id) of the previous page."),
        ["before"] = new("Paging: only checks before this point (the previous page's 'next')."),
        ["asOf"] = new("ISO 8601 date or time the registry is read as of; default now."),
        ["employee"] = new("Only accounts linked to this person id."),
        ["verdict"] = new("Only accounts with this effective verdict.", Policy.Core.Accounts.AccountNames.Verdicts),
        ["status"] = new("Only accounts with this status.", Policy.Core.Accounts.AccountNames.Statuses),
        ["delimiter"] = new("CSV delimiter: comma (default) or semicolon (German Excel).", ["comma", "semicolon", ",", ";"]),
        ["format"] = new("The export the manifest describes: csv (default) or json.", ["csv", "json"]),
        ["fileName"] = new("The uploaded file's name, for messages and the stored version (raw bodies only)."),
        ["from"] = new("Start of the range (ISO 8601, inclusive)."),
        ["to"] = new("End of the range (ISO 8601, exclusive)."),
        ["GET /api/v1/packs/{id}/diff from"] = new("The older version; default the one before the active."),
        ["GET /api/v1/packs/{id}/diff to"] = new("The newer version; default the active one."),
        ["hours"] = new("How many hours back, 1 to 720 (default 48)."),
        ["lang"] = new("Language of the guideline text: de (default) or en.", ["de", "en"]),
        ["mode"] = new("merge (default) adds and updates people; replace also takes people not in the file off the roster.", ["merge", "replace"]),
        ["topic"] = new("Only spokespeople for this topic."),
        ["subscriptionId"] = new("Only deliveries of this subscription."),
        ["GET /api/v1/reviews/queue state"] = new("pending (default) or closed (decided, expired, withdrawn).", ["pending", "closed"]),
        ["GET /api/v1/notifications/deliveries state"] = new("Only deliveries in this state.", ["pending", "delivered", "failed", "cancelled"]),
    };

    public static ParameterText? Parameter(string key, string name) =>
        Parameters.GetValueOrDefault(key + " " + name) ?? Parameters.GetValueOrDefault(name);

    private const string NoSuchPerson = "No person with this id.";
    private const string NoSuchAccount = "No account with this id (at that date).";
    private const string NoSuchSpokesperson = "No spokesperson authorization with this id.";
    private const string NoSuchPackVersion = "No such pack or version.";
    private const string NoSuchReview = "No review with this id that the caller may see.";
    private const string NoSuchCheck = "No check with this id by the caller.";
    private const string NoSuchSubscription = "No subscription with this id.";
    private const string ReviewClosed = "The review is no longer pending.";
    private const string TooLarge = "The body is larger than this endpoint accepts.";
    private const string NotAllowedToDecide = "The caller may not decide this review (their own, or not routed to them).";

    private static Dictionary<int, string> E(params (int Status, string Text)[] errors) => errors.ToDictionary(e => e.Status, e => e.Text);

    private static readonly Dictionary<string, OperationText> ById = new(StringComparer.Ordinal)
    {
        // Identity
        ["GET /api/v1/me"] = new("GetMe", "Who am I", "The signed-in person: id, name, e-mail and roles, from the key or token."),
        ["GET /api/v1/me/corporate-accounts"] = new("ListMyCorporateAccounts", "My corporate accounts"),
        ["POST /api/v1/keys"] = new("CreateKey", "Create an API key", "Issues a key for a person with the given roles. The key is in this answer only; the server keeps its hash."),
        ["GET /api/v1/keys"] = new("ListKeys", "List API keys", "Every key with its person, roles, prefix, last use and revocation; never the key itself."),
        ["DELETE /api/v1/keys/{id}"] = new("RevokeKey", "Revoke an API key", "Revokes the key at once. The last active admin key cannot be revoked.")
        {
            Errors = E((404, "No key with this id."), (409, "This is the last active admin key.")),
        },

        // People
        ["GET /api/v1/people"] = new("ListPeople", "List people"),
        ["POST /api/v1/people/roster"] = new("ImportRoster", "Import HR's roster")
        {
            Errors = E((413, TooLarge), (415, "The body is not CSV (text/csv).")),
        },
        ["POST /api/v1/people/{id}/offboard"] = new("OffboardPerson", "Offboard a person")
        {
            Errors = E((404, NoSuchPerson), (409, "The person holds the last active admin key.")),
        },
        ["POST /api/v1/people/{id}/reinstate"] = new("ReinstatePerson", "Reinstate a person") { Errors = E((404, NoSuchPerson)) },

        // Audit
        ["GET /api/v1/audit"] = new("ListAuditEntries", "List audit entries", "Audit entries oldest first, paged by 'after' (the last id seen) and 'limit'."),
        ["GET /api/v1/audit/verify"] = new("VerifyAuditChain", "Verify the audit chain", "Recomputes the hash chain and names the first broken row, if any."),

        // Spokespeople
        ["GET /api/v1/crisis"] = new("GetCrisis", "Crisis mode", "Whether crisis mode is on, since when, by whom and why."),
        ["PUT /api/v1/crisis"] = new("SetCrisis", "Switch crisis mode", "Switches crisis mode on or off with a reason; subscribers get crisis.on or crisis.off."),
        ["GET /api/v1/spokespeople"] = new("LookupSpokespeople", "Find spokespeople"),
        ["POST /api/v1/spokespeople"] = new("CreateSpokesperson", "Authorize a spokesperson", "Authorizes a person to speak on topics and channels for a period.")
        {
            Errors = E((404, NoSuchPerson)),
        },
        ["GET /api/v1/spokespeople/registry"] = new("ListSpokespersonRegistry", "Spokesperson registry", "Every authorization, current and past, with its topics, channels and validity."),
        ["PUT /api/v1/spokespeople/{id}"] = new("ChangeSpokesperson", "Change an authorization", "Appends a new version of the authorization; earlier versions stay in its history.")
        {
            Errors = E((404, NoSuchSpokesperson)),
        },
        ["POST /api/v1/spokespeople/{id}/end"] = new("EndSpokesperson", "End an authorization", "Ends the authorization now, with an optional reason.") { Errors = E((404, NoSuchSpokesperson)) },
        ["GET /api/v1/spokespeople/{id}/history"] = new("SpokespersonHistory", "Authorization history", "Every version of the authorization, oldest first.") { Errors = E((404, NoSuchSpokesperson)) },

        // Checks
        ["POST /api/v1/checks"] = new("CheckDraft", "Check a draft"),
        ["POST /api/v1/checks/batch"] = new("CheckDrafts", "Check drafts in a batch"),
        ["POST /api/v1/checks/clean-copy"] = new("CleanCopy", "Strip an image's metadata"),

        // Packs
        ["POST /api/v1/packs"] = new("UploadPack", "Upload a pack version"),
        ["GET /api/v1/packs"] = new("ListPacks", "List packs"),
        ["POST /api/v1/packs/validate"] = new("ValidatePack", "Validate a pack"),
        ["GET /api/v1/packs/{id}/versions/{version}"] = new("GetPackVersion", "Get a pack version") { Errors = E((404, NoSuchPackVersion)) },
        ["GET /api/v1/packs/{id}/history"] = new("GetPackHistory", "Pack history") { Errors = E((404, "No pack with this id.")) },
        ["GET /api/v1/packs/{id}/diff"] = new("DiffPackVersions", "Compare pack versions") { Errors = E((404, NoSuchPackVersion)) },
        ["POST /api/v1/packs/{id}/versions/{version}/activate"] = new("ActivatePackVersion", "Activate a pack version") { Errors = E((404, NoSuchPackVersion)) },
        ["POST /api/v1/packs/{id}/rollback"] = new("RollbackPack", "Roll back a pack") { Errors = E((404, "No pack with this id.")) },
        ["PUT /api/v1/packs/{id}/versions/{version}/material"] = new("SetPackMaterial", "Mark a version material") { Errors = E((404, NoSuchPackVersion)) },
        ["POST /api/v1/packs/{id}/versions/{version}/simulate"] = new("SimulatePackVersion", "Simulate a pack version"),

        // Guideline
        ["GET /api/v1/guideline"] = new("GetGuideline", "Read the guideline"),
        ["POST /api/v1/guideline/acknowledgements"] = new("AcknowledgeGuideline", "Acknowledge the guideline")
        {
            Errors = E((409, "The version acknowledged is not the active one.")),
        },
        ["POST /api/v1/acknowledgements/reminders"] = new("SendAcknowledgementReminder", "Remind to acknowledge"),
        ["GET /api/v1/acknowledgements"] = new("ListAcknowledgements", "List acknowledgements") { Errors = E((404, NoSuchPackVersion)) },
        ["GET /api/v1/acknowledgements.csv"] = new("ExportAcknowledgements", "Export acknowledgements as CSV")
        {
            Errors = E((404, NoSuchPackVersion)),
            Answers = new Dictionary<string, FileAnswer> { ["200"] = new("text/csv", "The acknowledgement list as CSV.") },
        },

        // Decisions
        ["GET /api/v1/decisions/mine"] = new("MyDecisions", "My past checks"),
        ["GET /api/v1/decisions/stats"] = new("DecisionStats", "Decision statistics", "Counts over a time range (default: the decision log's retention): checks by decision, rule, section and ISO week; overrides by reason, rule and week; false-positive reports by rule and week; review requests by state. No persons, no texts."),

        // Accounts
        ["GET /api/v1/accounts/mine"] = new("ListMyAccounts", "My accounts"),
        ["POST /api/v1/accounts/mine"] = new("RegisterMyAccount", "Register my account"),
        ["GET /api/v1/accounts"] = new("ListAccounts", "List accounts"),
        ["POST /api/v1/accounts"] = new("CreateAccount", "Register an account", "Registers an account for any employee (or the company); its verdict is computed from the facts."),
        ["GET /api/v1/accounts/{id}"] = new("GetAccount", "Get an account", "The account as of a date (default now), with its verdict and the reasons for it.")
        {
            Errors = E((404, NoSuchAccount)),
        },
        ["PUT /api/v1/accounts/{id}"] = new("ChangeAccount", "Change an account") { Errors = E((404, NoSuchAccount)) },
        ["GET /api/v1/accounts/{id}/history"] = new("AccountHistory", "Account history", "Every version of the account, oldest first.") { Errors = E((404, NoSuchAccount)) },
        ["PUT /api/v1/accounts/{id}/override"] = new("OverrideAccountVerdict", "Override an account's verdict") { Errors = E((404, NoSuchAccount)) },
        ["GET /api/v1/accounts/export.csv"] = new("ExportAccountsCsv", "Export accounts as CSV")
        {
            Answers = new Dictionary<string, FileAnswer> { ["200"] = new("text/csv", "The registry as CSV, one row per account.") },
        },
        ["GET /api/v1/accounts/export.json"] = new("ExportAccountsJson", "Export accounts as JSON")
        {
            Answers = new Dictionary<string, FileAnswer> { ["200"] = new("application/json", "The registry as a JSON array of accounts (the AccountView shape).") },
        },
        ["GET /api/v1/accounts/export/manifest"] = new("AccountExportManifest", "Export manifest"),
        ["GET /api/v1/accounts/offboarding/{id}"] = new("OffboardingReport", "Offboarding report") { Errors = E((404, NoSuchPerson)) },
        ["GET /api/v1/accounts/offboarding/{id}/report.csv"] = new("OffboardingReportCsv", "Offboarding report as CSV", "The offboarding report for the person as CSV (UTF-8 with BOM; delimiter=semicolon for German Excel).")
        {
            Errors = E((404, NoSuchPerson)),
            Answers = new Dictionary<string, FileAnswer> { ["200"] = new("text/csv", "The offboarding report as CSV.") },
        },
        ["POST /api/v1/accounts/offboarding/{id}/done"] = new("MarkOffboardingDone", "Mark an offboarding item done")
        {
            Errors = E((404, "No such person, or the account is not linked to them.")),
        },

        // Reviews
        ["POST /api/v1/reviews"] = new("RequestReview", "Request a review"),
        ["GET /api/v1/reviews/mine"] = new("MyReviews", "My review requests"),
        ["GET /api/v1/reviews/queue"] = new("ReviewQueue", "Review queue"),
        ["GET /api/v1/reviews/{id}"] = new("GetReview", "Get a review") { Errors = E((404, NoSuchReview)) },
        ["POST /api/v1/reviews/{id}/approve"] = new("ApproveReview", "Approve a review") { Errors = E((403, NotAllowedToDecide), (404, NoSuchReview)) },
        ["POST /api/v1/reviews/{id}/reject"] = new("RejectReview", "Reject a review")
        {
            Errors = E((403, NotAllowedToDecide), (404, NoSuchReview), (409, ReviewClosed)),
        },
        ["POST /api/v1/reviews/{id}/request-changes"] = new("RequestChanges", "Ask for changes")
        {
            Errors = E((403, NotAllowedToDecide), (404, NoSuchReview), (409, ReviewClosed)),
        },
        ["POST /api/v1/reviews/{id}/withdraw"] = new("WithdrawReview", "Withdraw a review request")
        {
            Errors = E((403, "Only the author withdraws a request."), (404, NoSuchReview), (409, ReviewClosed)),
        },

        // Overrides
        ["POST /api/v1/overrides"] = new("OverrideCheck", "Override a check"),
        ["GET /api/v1/overrides"] = new("ListOverrides", "List overrides"),

        // False positives
        ["POST /api/v1/false-positives"] = new("ReportFalsePositive", "Report a false positive") { Errors = E((404, NoSuchCheck)) },
        ["GET /api/v1/false-positives"] = new("ListFalsePositives", "List false-positive reports"),
        ["GET /api/v1/false-positives/examples.jsonl"] = new("FalsePositiveExamples", "False positives as examples")
        {
            Answers = new Dictionary<string, FileAnswer> { ["200"] = new("application/x-ndjson", "One labelled example per line (JSON Lines).") },
        },

        // Notifications
        ["GET /api/v1/notifications/events"] = new("ListNotificationEvents", "List events"),
        ["GET /api/v1/notifications/subscriptions"] = new("ListSubscriptions", "List subscriptions"),
        ["POST /api/v1/notifications/subscriptions"] = new("CreateSubscription", "Create a subscription"),
        ["GET /api/v1/notifications/subscriptions/{id}"] = new("GetSubscription", "Get a subscription", "One subscription, without its secret.") { Errors = E((404, NoSuchSubscription)) },
        ["PUT /api/v1/notifications/subscriptions/{id}"] = new("ChangeSubscription", "Change a subscription") { Errors = E((404, NoSuchSubscription)) },
        ["DELETE /api/v1/notifications/subscriptions/{id}"] = new("DeleteSubscription", "Delete a subscription") { Errors = E((404, NoSuchSubscription)) },
        ["POST /api/v1/notifications/subscriptions/{id}/secret"] = new("RotateSubscriptionSecret", "Rotate the signing secret") { Errors = E((404, NoSuchSubscription)) },
        ["POST /api/v1/notifications/subscriptions/{id}/test"] = new("TestSubscription", "Send a test event")
        {
            Errors = E((404, NoSuchSubscription), (409, "The subscription is paused."), (504, "The test delivery did not finish in time.")),
        },
        ["GET /api/v1/notifications/deliveries"] = new("ListDeliveries", "List deliveries"),
        ["GET /api/v1/notifications/deliveries/{id}"] = new("GetDelivery", "Get a delivery", "One delivery with every try: status, error and duration.") { Errors = E((404, "No delivery with this id.")) },
        ["POST /api/v1/notifications/deliveries/{id}/retry"] = new("RetryDelivery", "Retry a delivery")
        {
            Errors = E((404, "No delivery with this id."), (409, "Only a failed delivery can be retried.")),
        },

        // Monitoring
        ["GET /api/v1/monitoring/terms"] = new("ListWatchTerms", "List watched terms"),
        ["POST /api/v1/monitoring/terms"] = new("AddWatchTerm", "Watch a term"),
        ["DELETE /api/v1/monitoring/terms/{id}"] = new("RemoveWatchTerm", "Stop watching a term", "Removes the term from the watchlist; its counts stay.") { Errors = E((404, "No watched term with this id.")) },
        ["POST /api/v1/monitoring/mentions"] = new("IngestMentions", "Send mentions"),
        ["GET /api/v1/monitoring/volume"] = new("MentionVolume", "Mention volume"),
        ["GET /api/v1/monitoring/alerts"] = new("ListMonitoringAlerts", "List spike alerts"),
        ["POST /api/v1/monitoring/alerts/{id}/acknowledge"] = new("AcknowledgeMonitoringAlert", "Acknowledge an alert", "Marks the alert as seen, with who and when.")
        {
            Errors = E((404, "No alert with this id.")),
        },
        ["GET /api/v1/monitoring/feeds"] = new("ListFeeds", "List feeds"),
        ["POST /api/v1/monitoring/feeds"] = new("AddFeed", "Add a feed", "Adds an Atom or RSS feed the API polls for mentions of watched terms."),
        ["DELETE /api/v1/monitoring/feeds/{id}"] = new("RemoveFeed", "Remove a feed", "Stops polling the feed.") { Errors = E((404, "No feed with this id.")) },
        ["POST /api/v1/monitoring/feeds/{id}/poll"] = new("PollFeed", "Poll a feed now") { Errors = E((404, "No feed with this id.")) },
    };
}

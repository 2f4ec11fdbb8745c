using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Policy.Api.Reviews;
using Policy.Api.Tests.Decisions;
using static Policy.Api.Tests.Reviews.ReviewHelpers;

namespace Policy.Api.Tests.Reviews;

/// <summary>
/// Issue 18, item 1: review requests through HTTP on the real store: routing (spokespeople with the
/// topic, else HR; crisis posts to the crisis team), approve (with an edited, re-checked text),
/// reject, ask for changes, expiry by the background sweep, audit entries and outbox events, and
/// the approval reference a later check of the identical text returns.
/// </summary>
public sealed class ReviewLifecycleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_request_goes_to_the_spokesperson_of_its_topic_who_approves_it_and_a_later_check_of_the_same_text_returns_the_approval()
    {
        using var host = new DecisionHost();
        var hr = host.ClientAs("hr-hanna", "hr");
        var author = host.ClientAs("erika", "employee");
        var cfo = host.ClientAs("sabine", "employee");
        var productLead = host.ClientAs("paul", "employee");
        var colleague = host.ClientAs("otto", "employee");
        await Spokesperson(hr, "sabine", ["finance"], ["*"]);
        await Spokesperson(hr, "paul", ["products"], ["*"]);

        var check = await Check(author, Finance, "review");
        var review = await Request(author, check);
        var id = (string)review["id"]!;
        Assert.Equal("spokespeople", (string?)review["route"]);
        Assert.Equal(["sabine"], review["reviewers"]!.AsArray().Select(r => (string?)r));
        Assert.Contains("finance", review["topics"]!.AsArray().Select(t => (string?)t));
        Assert.Null(review["text"]);
        Assert.False((bool)review["textKept"]!);

        // The spokesperson for finance sees it; the one for products and a colleague do not.
        var queue = await Array(cfo, "/api/v1/reviews/queue");
        var item = Assert.Single(queue);
        Assert.Equal(id, (string?)item!["id"]);
        Assert.True((bool)item["mayDecide"]!);
        Assert.Equal("Test erika", (string?)item["author"]);
        Assert.Empty(await Array(productLead, "/api/v1/reviews/queue"));
        Assert.Empty(await Array(colleague, "/api/v1/reviews/queue"));
        await Problem(await colleague.GetAsync($"/api/v1/reviews/{id}", Ct), HttpStatusCode.NotFound);
        await Problem(await productLead.PostAsJsonAsync($"/api/v1/reviews/{id}/approve", new { }, Ct), HttpStatusCode.NotFound);
        Assert.Single(await Array(hr, "/api/v1/reviews/queue"));

        // Nobody approves their own request.
        await Problem(await author.PostAsJsonAsync($"/api/v1/reviews/{id}/approve", new { }, Ct), HttpStatusCode.Forbidden);

        // Before the approval the same text is only checked, not approved.
        Assert.Null((await Check(author, Finance, "review"))["approval"]);

        var approved = await Json(await cfo.PostAsJsonAsync($"/api/v1/reviews/{id}/approve", new { reason = "Zahlen sind veröffentlicht." }, Ct), HttpStatusCode.OK);
        var reference = (string?)approved["review"]!["approvalReference"];
        Assert.Matches("^APR-[0-9A-Z]{12}$", reference);
        Assert.Equal("approved", (string?)approved["review"]!["state"]);
        Assert.Equal("Test sabine", (string?)approved["review"]!["decidedBy"]);

        var mine = Assert.Single(await Array(author, "/api/v1/reviews/mine"));
        Assert.Equal("approved", (string?)mine!["state"]);
        Assert.Equal(reference, (string?)mine["approvalReference"]);
        Assert.False((bool)mine["mayDecide"]!);

        // The identical text returns the approval (matched by the keyed fingerprint of the normalized draft).
        var again = await Check(author, Finance, "review");
        Assert.Equal(reference, (string?)again["approval"]!["reference"]);
        Assert.Equal(id, (string?)again["approval"]!["reviewId"]);
        // Another text, or the same text by someone else, is not approved.
        Assert.Null((await Check(author, Finance + " Danke!", "review"))["approval"]);
        Assert.Null((await Check(colleague, Finance, "review"))["approval"]);

        // Closed: no second decision.
        var closed = await Problem(await hr.PostAsJsonAsync($"/api/v1/reviews/{id}/reject", new { reason = "zu spät" }, Ct), HttpStatusCode.Conflict);
        Assert.Equal("approved", (string?)closed["state"]);

        Assert.Equal(["review.requested", "review.approved"], AuditActions(host, "review/" + id));
        var events = Outbox(host, "review/" + id);
        Assert.Equal(["review.requested", "review.decided"], events.Select(e => e.Event));
        Assert.Equal("sabine", (string?)events[0].Payload["data"]!["reviewers"]![0]);
        Assert.Equal("approved", (string?)events[1].Payload["data"]!["state"]);
        Assert.Equal(reference, (string?)events[1].Payload["data"]!["approvalReference"]);
        var verify = await host.ClientAs("root", "admin").GetFromJsonAsync<JsonObject>("/api/v1/audit/verify", Ct);
        Assert.True((bool)verify!["intact"]!);
    }

    [Fact]
    public async Task Without_a_spokesperson_for_the_topic_HR_reviews_and_rejects_with_a_reason()
    {
        using var host = new DecisionHost();
        var hr = host.ClientAs("hr-hanna", "hr");
        var author = host.ClientAs("erika", "employee");
        var cfo = host.ClientAs("sabine", "employee");
        await Spokesperson(hr, "sabine", ["finance"], ["*"]);

        var review = await Request(author, await Check(author, Products, "review"));
        var id = (string)review["id"]!;
        Assert.Equal("hr", (string?)review["route"]);
        Assert.Empty(review["reviewers"]!.AsArray());
        Assert.Empty(await Array(cfo, "/api/v1/reviews/queue"));

        var missing = await Problem(await hr.PostAsJsonAsync($"/api/v1/reviews/{id}/reject", new { reason = " " }, Ct), HttpStatusCode.BadRequest);
        Assert.Equal("reason", (string?)missing["field"]);
        var rejected = await Json(await hr.PostAsJsonAsync($"/api/v1/reviews/{id}/reject", new { reason = "Produkttermine kündigt nur die Kommunikation an." }, Ct), HttpStatusCode.OK);
        Assert.Equal("rejected", (string?)rejected["review"]!["state"]);
        Assert.Equal("Produkttermine kündigt nur die Kommunikation an.", (string?)rejected["review"]!["reason"]);
        Assert.Null(rejected["review"]!["approvalReference"]);
        Assert.Null((await Check(author, Products, "review"))["approval"]);

        Assert.Empty(await Array(hr, "/api/v1/reviews/queue"));
        Assert.Single(await Array(hr, "/api/v1/reviews/queue?state=closed"));
        Assert.Equal(["review.requested", "review.rejected"], AuditActions(host, "review/" + id));
        Assert.Equal(["review.requested", "review.decided"], Outbox(host, "review/" + id).Select(e => e.Event));
    }

    [Fact]
    public async Task A_corporate_post_in_crisis_mode_goes_to_the_crisis_team_not_to_the_topic_spokespeople()
    {
        using var host = new DecisionHost();
        var hr = host.ClientAs("hr-hanna", "hr");
        var author = host.ClientAs("erika", "employee");
        var crisisLead = host.ClientAs("kai", "employee");
        var cfo = host.ClientAs("sabine", "employee");
        await Spokesperson(hr, "kai", ["crisis"], ["*"]);
        await Spokesperson(hr, "sabine", ["finance"], ["*"]);
        await Json(await hr.PutAsJsonAsync("/api/v1/crisis", new { active = true, reason = "Produktrückruf Charge 42" }, Ct), HttpStatusCode.OK);

        var check = await Check(author, "Neue Öffnungszeiten ab Montag, wir freuen uns auf euch!", "review", new { kind = "corporate", handle = "@acme_de" });
        Assert.Contains(check["findings"]!.AsArray(), f => (string?)f!["ruleId"] == "crisis.corporate-review");
        var review = await Request(author, check);
        Assert.Equal("crisis", (string?)review["route"]);
        Assert.Equal("@acme_de", (string?)review["channel"]);
        Assert.Equal(["kai"], review["reviewers"]!.AsArray().Select(r => (string?)r));
        Assert.Single(await Array(crisisLead, "/api/v1/reviews/queue"));
        Assert.Empty(await Array(cfo, "/api/v1/reviews/queue"));

        // The same finance text on a private account in crisis mode is not a crisis post.
        var finance = await Request(author, await Check(author, Finance, "review"));
        Assert.Equal("spokespeople", (string?)finance["route"]);
        Assert.Equal(["sabine"], finance["reviewers"]!.AsArray().Select(r => (string?)r));
    }

    [Fact]
    public async Task An_approval_with_an_edited_text_checks_it_again_refuses_a_blocked_edit_and_approves_the_edited_text()
    {
        using var host = new DecisionHost();
        var hr = host.ClientAs("hr-hanna", "hr");
        var author = host.ClientAs("erika", "employee");
        var cfo = host.ClientAs("sabine", "employee");
        await Spokesperson(hr, "sabine", ["finance"], ["*"]);
        var review = await Request(author, await Check(author, Finance, "review"), Finance);
        var id = (string)review["id"]!;

        var blocked = await Problem(
            await cfo.PostAsJsonAsync($"/api/v1/reviews/{id}/approve", new { text = "Der Türcode fürs Lager ist 4711#" }, Ct), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("block", (string?)blocked["recheck"]!["decision"]);
        Assert.Equal("text", (string?)blocked["field"]);
        Assert.Equal("pending", (string?)(await Json(await cfo.GetAsync($"/api/v1/reviews/{id}", Ct), HttpStatusCode.OK))["state"]);

        const string Edited = "Im Namen der Geschäftsführung: Der Umsatz im dritten Quartal ist deutlich gestiegen.";
        var approved = await Json(await cfo.PostAsJsonAsync($"/api/v1/reviews/{id}/approve", new { text = Edited }, Ct), HttpStatusCode.OK);
        Assert.Equal("approved", (string?)approved["review"]!["state"]);
        Assert.Equal("review", (string?)approved["recheck"]!["decision"]);
        Assert.Equal(Edited, (string?)approved["review"]!["editedText"]);
        var reference = (string?)approved["review"]!["approvalReference"];

        // The author sees the edited text; the edited text is approved, the original is not.
        var mine = Assert.Single(await Array(author, "/api/v1/reviews/mine"));
        Assert.Equal(Edited, (string?)mine!["editedText"]);
        Assert.Equal(Finance, (string?)mine["text"]);
        Assert.Equal(reference, (string?)(await Check(author, Edited, "review"))["approval"]!["reference"]);
        Assert.Null((await Check(author, Finance, "review"))["approval"]);

        var audit = await host.ClientAs("root", "admin").GetFromJsonAsync<JsonArray>("/api/v1/audit?limit=1000", Ct);
        var entry = audit!.Single(e => (string?)e!["action"] == "review.approved");
        Assert.Contains("\"edited\":true", (string?)entry!["details"], StringComparison.Ordinal);
        Assert.DoesNotContain("deutlich", (string?)entry["details"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Asking_for_changes_closes_the_request_and_the_changed_draft_is_asked_for_anew()
    {
        using var host = new DecisionHost();
        var hr = host.ClientAs("hr-hanna", "hr");
        var author = host.ClientAs("erika", "employee");
        var check = await Check(author, Products, "review");
        var review = await Request(author, check);
        var id = (string)review["id"]!;

        await Problem(await author.PostAsJsonAsync("/api/v1/reviews", new { checkId = (string?)check["checkId"] }, Ct), HttpStatusCode.Conflict);
        await Problem(await hr.PostAsJsonAsync($"/api/v1/reviews/{id}/request-changes", new { reason = "Bitte ohne Termin.", text = "x" }, Ct), HttpStatusCode.BadRequest);
        var changes = await Json(await hr.PostAsJsonAsync($"/api/v1/reviews/{id}/request-changes", new { reason = "Bitte ohne Termin." }, Ct), HttpStatusCode.OK);
        Assert.Equal("changes-requested", (string?)changes["review"]!["state"]);

        var second = await Request(author, await Check(author, "Im Namen der Geschäftsführung: Ein neues Produkt kommt bald.", "review"));
        Assert.NotEqual(id, (string?)second["id"]);
        Assert.Equal(["changes-requested", "pending"], (await Array(author, "/api/v1/reviews/mine")).Select(r => (string?)r!["state"]).Order());

        // The author may withdraw the new one; a reviewer may not.
        await Problem(await hr.PostAsync($"/api/v1/reviews/{second["id"]}/withdraw", null, Ct), HttpStatusCode.Forbidden);
        var withdrawn = await Json(await author.PostAsync($"/api/v1/reviews/{second["id"]}/withdraw", null, Ct), HttpStatusCode.OK);
        Assert.Equal("withdrawn", (string?)withdrawn["review"]!["state"]);
        Assert.Equal(["review.requested", "review.changes-requested"], AuditActions(host, "review/" + id));
    }

    [Fact]
    public async Task Only_warn_and_review_checks_of_ones_own_can_be_sent_and_a_text_only_with_consent_and_only_the_checked_one()
    {
        using var host = new DecisionHost();
        var author = host.ClientAs("erika", "employee");
        var other = host.ClientAs("otto", "employee");
        var allowed = await Check(author, "Schönes Wochenende allerseits!", "allow");
        var blocked = await Check(author, "Der Türcode fürs Lager ist 4711#", "block");
        var review = await Check(author, Finance, "review");

        await Problem(await author.PostAsJsonAsync("/api/v1/reviews", new { checkId = (string?)allowed["checkId"] }, Ct), HttpStatusCode.Conflict);
        await Problem(await author.PostAsJsonAsync("/api/v1/reviews", new { checkId = (string?)blocked["checkId"] }, Ct), HttpStatusCode.Conflict);
        await Problem(await other.PostAsJsonAsync("/api/v1/reviews", new { checkId = (string?)review["checkId"] }, Ct), HttpStatusCode.NotFound);
        await Problem(await author.PostAsJsonAsync("/api/v1/reviews", new { checkId = Guid.NewGuid() }, Ct), HttpStatusCode.NotFound);

        var noConsent = await Problem(await author.PostAsJsonAsync("/api/v1/reviews", new { checkId = (string?)review["checkId"], text = Finance }, Ct), HttpStatusCode.BadRequest);
        Assert.NotNull(noConsent["errors"]!["text"]);
        var missing = await Problem(await author.PostAsJsonAsync("/api/v1/reviews", new { note = "x" }, Ct), HttpStatusCode.BadRequest);
        Assert.NotNull(missing["errors"]!["checkId"]);
        var wrongText = await Problem(await author.PostAsJsonAsync("/api/v1/reviews", new { checkId = (string?)review["checkId"], text = Products, shareText = true }, Ct), HttpStatusCode.BadRequest);
        Assert.Equal("text", (string?)wrongText["field"]);

        // None of the refused requests left a review behind.
        Assert.Empty(await Array(author, "/api/v1/reviews/mine"));
        var warn = await Request(author, await Check(author, Phone, "warn"));
        Assert.Equal("warn", (string?)warn["decision"]);
    }

    [Fact]
    public async Task An_unanswered_request_expires_in_the_background_sweep_with_an_audit_entry_and_an_event()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        using var host = new DecisionHost(time, new Dictionary<string, string>
        {
            ["Policy:Reviews:ExpireAfter"] = "04:00:00",
            ["Policy:Reviews:SweepInterval"] = "00:05:00",
        });
        var author = host.ClientAs("erika", "employee");
        var hr = host.ClientAs("hr-hanna", "hr");
        var review = await Request(author, await Check(author, Products, "review"));
        var id = (string)review["id"]!;
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 13, 0, 0, TimeSpan.Zero), (DateTimeOffset)review["expiresAt"]!);
        var sweep = host.Services.GetRequiredService<ReviewSweepService>();

        await AdvanceAndWait(time, sweep, TimeSpan.FromHours(3) + TimeSpan.FromMinutes(55));
        Assert.Equal("pending", (string?)(await Json(await author.GetAsync($"/api/v1/reviews/{id}", Ct), HttpStatusCode.OK))["state"]);

        await AdvanceAndWait(time, sweep, TimeSpan.FromMinutes(5));
        var expired = await Json(await author.GetAsync($"/api/v1/reviews/{id}", Ct), HttpStatusCode.OK);
        Assert.Equal("expired", (string?)expired["state"]);
        Assert.Empty(await Array(hr, "/api/v1/reviews/queue"));
        await Problem(await hr.PostAsJsonAsync($"/api/v1/reviews/{id}/approve", new { }, Ct), HttpStatusCode.Conflict);

        Assert.Equal(["review.requested", "review.expired"], AuditActions(host, "review/" + id));
        var events = Outbox(host, "review/" + id);
        Assert.Equal(["review.requested", "review.expired"], events.Select(e => e.Event));
        Assert.Equal("expired", (string?)events[1].Payload["data"]!["state"]);

        var stats = await hr.GetFromJsonAsync<JsonObject>("/api/v1/decisions/stats", Ct);
        Assert.Equal(1, (long)stats!["reviewsByState"]!["expired"]!);
    }

    [Fact]
    public async Task Two_reviewers_deciding_at_once_one_decision_wins_and_the_other_is_told_it_is_closed()
    {
        using var host = new DecisionHost();
        var hr = host.ClientAs("hr-hanna", "hr");
        var author = host.ClientAs("erika", "employee");
        var cfo = host.ClientAs("sabine", "employee");
        await Spokesperson(hr, "sabine", ["finance"], ["*"]);
        var id = (string)(await Request(author, await Check(author, Finance, "review")))["id"]!;

        var approve = cfo.PostAsJsonAsync($"/api/v1/reviews/{id}/approve", new { }, Ct);
        var reject = hr.PostAsJsonAsync($"/api/v1/reviews/{id}/reject", new { reason = "Nicht jetzt." }, Ct);
        var statuses = (await Task.WhenAll(approve, reject)).Select(r => r.StatusCode).ToList();
        Assert.Single(statuses, s => s == HttpStatusCode.OK);
        Assert.Single(statuses, s => s == HttpStatusCode.Conflict);
        var final = (string?)(await Json(await author.GetAsync($"/api/v1/reviews/{id}", Ct), HttpStatusCode.OK))["state"];
        Assert.Equal(statuses[0] == HttpStatusCode.OK ? "approved" : "rejected", final);
        Assert.Equal(2, AuditActions(host, "review/" + id).Count);
        Assert.Equal(2, Outbox(host, "review/" + id).Count);
    }

    internal static async Task AdvanceAndWait(FakeTimeProvider time, ReviewSweepService sweep, TimeSpan by)
    {
        var runs = sweep.Runs;
        time.Advance(by);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (sweep.Runs <= runs)
        {
            Assert.True(DateTime.UtcNow < deadline, "the review sweep did not run");
            await Task.Delay(10, Ct);
        }
    }
}

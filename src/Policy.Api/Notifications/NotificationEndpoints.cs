using Policy.Api.Audit;
using System.Security.Claims;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Policy.Api.Guideline;
using Policy.Api.Identity;
using Policy.Api.Packs;
using Policy.Api.Store;
using Policy.Api.Validation;

namespace Policy.Api.Notifications;

/// <param name="Kind">"webhook" or "email"; cannot change later.</param>
/// <param name="Url">Webhook: where to POST (https://; http:// only to loopback). On a change, leave out to keep it.</param>
/// <param name="Address">E-mail: the recipient.</param>
/// <param name="Format">Webhook: "json" (default, the signed envelope), "teams" or "slack".</param>
/// <param name="Events">Event names (GET /api/v1/notifications/events) or "*".</param>
/// <param name="Secret">Webhook: the signing secret (24 to 200 characters); left out, one is generated. Shown once, in the answer.</param>
/// <param name="Active">On a change: false pauses deliveries.</param>
public sealed record SubscriptionRequest(string? Kind, string? Name, string? Url, string? Address, string? Format, IReadOnlyList<string>? Events, string? Secret, bool? Active);

/// <summary>The new subscription, and for a webhook its signing secret: shown this once, never again.</summary>
public sealed record SubscriptionCreated(Subscription Subscription, string? Secret);

public sealed record SecretRotated(string SubscriptionId, string Secret);

/// <summary>What the test delivery came to; it is in the delivery log as well.</summary>
public sealed record TestResult(string DeliveryId, string EventId, bool Delivered, long? Status, string? Error, long DurationMs);

public sealed record ReminderSent(string PackId, string Version, int Pending, string? EventId);

public sealed class SubscriptionRequestValidator : AbstractValidator<SubscriptionRequest>
{
    public SubscriptionRequestValidator(IOptions<NotificationOptions> options)
    {
        RuleFor(r => r.Kind).Must(k => k is SubscriptionStore.Webhook or SubscriptionStore.Email)
            .WithMessage("'kind' must be 'webhook' or 'email'.").OverridePropertyName("kind");
        RuleFor(r => r.Kind).Must(_ => options.Value.Smtp.Enabled).When(r => r.Kind == SubscriptionStore.Email)
            .WithMessage("E-mail needs an SMTP server: set Policy:Notifications:Smtp:Host (see docs/notifications.md). / E-Mail braucht einen SMTP-Server.").OverridePropertyName("kind");
        RuleFor(r => r.Name).NotEmpty().MaximumLength(100).OverridePropertyName("name");
        RuleFor(r => r.Url).Custom((url, ctx) =>
        {
            if (ctx.InstanceToValidate.Kind == SubscriptionStore.Webhook && (url is not null || !ctx.RootContextData.ContainsKey("change"))
                && TargetRules.CheckUrl(url, options.Value.AllowHttp) is { } problem)
            {
                ctx.AddFailure("url", "'url' " + problem);
            }
        });
        RuleFor(r => r.Address).Custom((address, ctx) =>
        {
            if (ctx.InstanceToValidate.Kind == SubscriptionStore.Email && TargetRules.CheckAddress(address) is { } problem)
            {
                ctx.AddFailure("address", "'address' " + problem);
            }
        });
        RuleFor(r => r.Format).Must(f => f is null || SubscriptionStore.WebhookFormats.Contains(f))
            .When(r => r.Kind == SubscriptionStore.Webhook)
            .WithMessage("'format' must be json, teams or slack.").OverridePropertyName("format");
        RuleFor(r => r.Events).NotEmpty().WithMessage("'events' needs at least one event name, or \"*\" for all.").OverridePropertyName("events");
        RuleFor(r => r.Events).Must(e => e is null || e.Count <= 20).WithMessage("'events' may name at most 20 events.").OverridePropertyName("events");
        RuleForEach(r => r.Events).Must(e => e == "*" || (NotificationEvents.IsKnown(e) && e != NotificationEvents.Test))
            .WithMessage((_, e) => $"'{e}' is not an event; see GET /api/v1/notifications/events.").OverridePropertyName("events");
        RuleFor(r => r.Secret).Length(24, 200).When(r => r.Secret is not null && r.Kind == SubscriptionStore.Webhook)
            .WithMessage("'secret' must be 24 to 200 characters long; leave it out to have one generated.").OverridePropertyName("secret");
        RuleFor(r => r.Secret).Null().When(r => r.Kind == SubscriptionStore.Email)
            .WithMessage("'secret' is only for webhooks.").OverridePropertyName("secret");
    }
}

/// <summary>Webhooks and e-mail recipients (hr), their delivery log and test, and acknowledgement reminders.</summary>
public static class NotificationEndpoints
{
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>();
        services.AddSingleton<NotificationEventLog>();
        services.AddSingleton<SecretBox>();
        services.AddSingleton<SubscriptionStore>();
        services.AddSingleton<DeliveryStore>();
        services.AddSingleton<NotificationSender>();
        services.AddSingleton<DeliveryWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<DeliveryWorker>());
        services.AddSingleton<IValidator<SubscriptionRequest>, SubscriptionRequestValidator>();
        // No request logging: Teams and Slack URLs carry their key in the path.
        services.AddHttpClient(NotificationSender.HttpClientName)
            .RemoveAllLoggers()
            .ConfigureHttpClient(c => c.DefaultRequestHeaders.UserAgent.ParseAdd("Policy-Notifications/1"))
            // A receiver answers; it does not send the request elsewhere (a redirect could point inside the network).
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.Configure<OpenApiOptions>("v1", o => o.AddDocumentTransformer<WebhookDocumentTransformer>());
        return services;
    }

    public static RouteGroupBuilder MapNotifications(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/v1/acknowledgements/reminders", SendReminder).WithTags("Guideline")
            .RequireAuthorization(Roles.Policies.HrOrAdmin)
            .WithSummary("Sends the event acknowledgement.reminder naming everyone who still has to acknowledge the checking pack's active version.");

        var group = routes.MapGroup("/api/v1/notifications").WithTags("Notifications").RequireAuthorization(Roles.Policies.HrOrAdmin);
        group.MapGet("/events", ListEvents).WithSummary("The events a subscription can receive; their payloads are under 'webhooks' in this document.");
        group.MapGet("/subscriptions", ListSubscriptions).WithSummary("Webhooks and e-mail recipients, never their secrets.");
        group.MapPost("/subscriptions", Create).WithValidation<SubscriptionRequest>()
            .WithSummary("Adds a webhook or e-mail recipient; a webhook's signing secret is in this answer only.");
        group.MapGet("/subscriptions/{id}", Get);
        group.MapPut("/subscriptions/{id}", Change).WithSummary("Changes name, events, format, active, and (if given) the URL or address; the secret stays.");
        group.MapDelete("/subscriptions/{id}", Delete).WithSummary("Removes it; pending deliveries are cancelled.");
        group.MapPost("/subscriptions/{id}/secret", RotateSecret).WithSummary("A new signing secret, shown once; the old one stops at once.");
        group.MapPost("/subscriptions/{id}/test", Test).WithSummary("Sends the event notification.test to this subscription now and answers with the outcome.");
        group.MapGet("/deliveries", ListDeliveries).WithSummary("The delivery log, newest first, with every try.");
        group.MapGet("/deliveries/{id}", GetDelivery);
        group.MapPost("/deliveries/{id}/retry", Retry).WithSummary("Gives a failed delivery its tries again, starting now.");
        return group;
    }

    private static Ok<IReadOnlyList<NotificationEventInfo>> ListEvents() => TypedResults.Ok(NotificationEvents.All);

    private static Ok<IReadOnlyList<Subscription>> ListSubscriptions(SubscriptionStore store) => TypedResults.Ok(store.List());

    private static Results<Ok<Subscription>, ProblemHttpResult> Get(string id, SubscriptionStore store) =>
        store.Find(id) is { } s ? TypedResults.Ok(s) : NotFound(id);

    private static Created<SubscriptionCreated> Create(SubscriptionRequest r, SubscriptionStore store, ClaimsPrincipal user)
    {
        var webhook = r.Kind == SubscriptionStore.Webhook;
        var (subscription, secret) = store.Create(
            user.PersonId(), r.Kind!, r.Name!.Trim(), webhook ? r.Url!.Trim() : r.Address!.Trim(), webhook ? r.Format ?? "json" : "email",
            [.. r.Events!.Distinct(StringComparer.Ordinal)], webhook ? r.Secret : null);
        return TypedResults.Created($"/api/v1/notifications/subscriptions/{subscription.Id}", new SubscriptionCreated(subscription, secret));
    }

    private static async Task<Results<Ok<Subscription>, ProblemHttpResult, ValidationProblem>> Change(
        string id, SubscriptionRequest r, SubscriptionStore store, IValidator<SubscriptionRequest> validator, ClaimsPrincipal user)
    {
        if (store.Find(id) is not { } current)
        {
            return NotFound(id);
        }

        var request = r with { Kind = current.Kind, Secret = null };
        var context = new ValidationContext<SubscriptionRequest>(request);
        context.RootContextData["change"] = true;
        var result = await validator.ValidateAsync(context);
        if (r.Kind is not null && r.Kind != current.Kind)
        {
            result.Errors.Add(new FluentValidation.Results.ValidationFailure("kind", "'kind' cannot change; add a new subscription instead."));
        }

        if (r.Secret is not null)
        {
            result.Errors.Add(new FluentValidation.Results.ValidationFailure("secret", "'secret' cannot be set on a change; POST …/secret for a new one."));
        }

        if (result.Errors.Count > 0)
        {
            return TypedResults.ValidationProblem(result.ToDictionary());
        }

        var webhook = current.Kind == SubscriptionStore.Webhook;
        var changed = store.Change(
            user.PersonId(), id, r.Name!.Trim(), webhook ? r.Url?.Trim() : r.Address?.Trim(), webhook ? r.Format ?? current.Format : "email",
            [.. r.Events!.Distinct(StringComparer.Ordinal)], r.Active ?? current.Active);
        return changed is null ? NotFound(id) : TypedResults.Ok(changed);
    }

    private static Results<NoContent, ProblemHttpResult> Delete(string id, SubscriptionStore store, ClaimsPrincipal user) =>
        store.Delete(user.PersonId(), id) ? TypedResults.NoContent() : NotFound(id);

    private static Results<Ok<SecretRotated>, ProblemHttpResult> RotateSecret(string id, SubscriptionStore store, ClaimsPrincipal user) =>
        store.RotateSecret(user.PersonId(), id) is { } secret ? TypedResults.Ok(new SecretRotated(id, secret)) : NotFound(id, "No such webhook.");

    private static async Task<Results<Ok<TestResult>, ProblemHttpResult>> Test(
        string id, [AsParameters] TestDeliveryServices services, ClaimsPrincipal user, CancellationToken ct)
    {
        var (store, outbox, deliveries, worker, db, options) = services;
        if (store.Find(id) is not { } subscription)
        {
            return NotFound(id);
        }

        if (!subscription.Active)
        {
            return TypedResults.Problem(statusCode: 409, title: "The subscription is paused.", detail: "Set 'active' to true before testing it. / Erst aktivieren, dann testen.");
        }

        string eventId;
        using (var connection = db.Open())
        using (var tx = db.BeginWrite(connection))
        {
            outbox.Append(connection, tx, NotificationEvents.Test, "subscription/" + id,
                new TestData(id, user.PersonId(), "If you can read this, notifications from Policy reach you. / Wenn Sie dies lesen, erreichen Sie Benachrichtigungen von Policy."));
            // Writers are serialized: the newest event is the one just written.
            eventId = connection.QuerySingle<string>("SELECT event_id FROM notification_outbox ORDER BY seq DESC LIMIT 1", transaction: tx);
            tx.Commit();
        }

        deliveries.FanOut();
        var deliveryId = deliveries.DeliveryOf(id, eventId)!;
        if (deliveries.Claim(1, deliveryId) is [var due])
        {
            var outcome = await worker.DeliverAsync(due, ct);
            return TypedResults.Ok(new TestResult(deliveryId, eventId, outcome.Succeeded, outcome.Status, outcome.Error, outcome.DurationMs));
        }

        // The background worker took it first: wait for its try.
        var deadline = DateTime.UtcNow + options.Value.Timeout + TimeSpan.FromSeconds(2);
        while (DateTime.UtcNow < deadline)
        {
            if (deliveries.Find(deliveryId) is { Tries: [.., var last] })
            {
                return TypedResults.Ok(new TestResult(deliveryId, eventId, last.Succeeded, last.Status, last.Error, last.DurationMs));
            }

            await Task.Delay(50, ct);
        }

        return TypedResults.Problem(statusCode: 504, title: "The test delivery did not finish in time.", detail: $"See delivery {deliveryId} in the delivery log.");
    }

    private static Results<Ok<IReadOnlyList<Delivery>>, ValidationProblem> ListDeliveries(string? subscriptionId, string? state, int? limit, DeliveryStore deliveries)
    {
        if (state is not (null or "pending" or "delivered" or "failed" or "cancelled"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["state"] = ["'state' must be pending, delivered, failed or cancelled."] });
        }

        if (limit is < 1 or > 500)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["'limit' must be between 1 and 500."] });
        }

        return TypedResults.Ok(deliveries.List(subscriptionId, state, limit ?? 100));
    }

    private static Results<Ok<Delivery>, ProblemHttpResult> GetDelivery(string id, DeliveryStore deliveries) =>
        deliveries.Find(id) is { } d ? TypedResults.Ok(d) : TypedResults.Problem(statusCode: 404, title: "No such delivery.", detail: $"There is no delivery '{id}'.");

    private static Results<Ok<Delivery>, ProblemHttpResult> Retry(string id, DeliveryStore deliveries)
    {
        if (deliveries.Find(id) is not { } d)
        {
            return TypedResults.Problem(statusCode: 404, title: "No such delivery.", detail: $"There is no delivery '{id}'.");
        }

        if (!deliveries.Retry(id))
        {
            return TypedResults.Problem(statusCode: 409, title: "Only a failed delivery can be retried.", detail: $"Delivery '{id}' is {d.State}.");
        }

        return TypedResults.Ok(deliveries.Find(id)!);
    }

    private static Results<Ok<ReminderSent>, ProblemHttpResult> SendReminder([AsParameters] ReminderServices services, ClaimsPrincipal user)
    {
        var (packs, acks, outbox, audit, db, time) = services;
        var pack = packs.Current;
        var pending = acks.Roster(pack.Id, pack.Version).Where(r => r.MustAcknowledge).ToList();
        if (pending.Count == 0)
        {
            return TypedResults.Ok(new ReminderSent(pack.Id, pack.Version, 0, null));
        }

        string eventId;
        using (var connection = db.Open())
        using (var tx = db.BeginWrite(connection))
        {
            outbox.Append(connection, tx, NotificationEvents.AcknowledgementReminder, $"pack/{pack.Id}@{pack.Version}",
                new AcknowledgementReminderData(pack.Id, pack.Version, pending.Count, [.. pending.Select(p => new PendingPerson(p.PersonId, p.DisplayName))], user.PersonId(), time.GetUtcNow()));
            eventId = connection.QuerySingle<string>("SELECT event_id FROM notification_outbox ORDER BY seq DESC LIMIT 1", transaction: tx);
            audit.Append(connection, tx, user.PersonId(), AuditAction.AcknowledgementReminder, $"pack/{pack.Id}@{pack.Version}", new { pending = pending.Count, eventId });
            tx.Commit();
        }

        return TypedResults.Ok(new ReminderSent(pack.Id, pack.Version, pending.Count, eventId));
    }

    private static ProblemHttpResult NotFound(string id, string title = "No such subscription.") =>
        TypedResults.Problem(statusCode: 404, title: title, detail: $"There is no subscription '{id}'.");
}

/// <summary>What sending a test event needs, as one parameter (<c>[AsParameters]</c>): each from the container.</summary>
public readonly record struct TestDeliveryServices(
    SubscriptionStore Store, NotificationEventLog Outbox, DeliveryStore Deliveries, DeliveryWorker Worker, Database Db, IOptions<NotificationOptions> Options);

/// <summary>What an acknowledgement reminder needs, as one parameter (<c>[AsParameters]</c>): each from the container.</summary>
public readonly record struct ReminderServices(
    ActivePack Packs, AcknowledgementStore Acks, NotificationEventLog Outbox, Policy.Api.Audit.AuditLog Audit, Database Db, TimeProvider Time);

using System.Security.Claims;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Policy.Api.Identity;
using Policy.Api.Notifications;
using Policy.Api.Validation;

namespace Policy.Api.Monitoring;

/// <param name="Match">word (default), compound or hashtag.</param>
/// <param name="Crisis">Default: true for the category "crisis".</param>
public sealed record WatchTermRequest(string? Term, string? Category, string? Match, bool? Crisis);

public sealed record FeedRequest(string? Name, string? Url, int? IntervalMinutes);

/// <param name="Source">The listening source or network ("x", "linkedin", "brandwatch", …).</param>
/// <param name="Url">Where the mention is; with the source, it identifies the mention (sent twice, it counts once).</param>
/// <param name="AuthorHandle">The public handle that posted it; kept only if the mention matched, and only until the retention.</param>
/// <param name="Text">Only matched against the watchlist, never stored.</param>
public sealed record MentionDto(string? Source, string? Url, string? AuthorHandle, string? Text, DateTimeOffset? PublishedAt);

/// <summary>The mentions of a batch: reading stops at the mention past the limit.</summary>
public sealed class MentionList : BoundedList<MentionDto>
{
    public const int MaxMentions = 1_000;

    protected override int Limit => MaxMentions;

    protected override string Noun => "mentions";
}

public sealed record MentionBatch(MentionList? Mentions);

public sealed record FeedPolled(string FeedId, string Status);

public sealed class WatchTermRequestValidator : AbstractValidator<WatchTermRequest>
{
    public WatchTermRequestValidator()
    {
        RuleFor(r => r.Term).NotEmpty().MaximumLength(100).OverridePropertyName("term");
        RuleFor(r => r.Term).Must(t => WatchlistStore.NormalizedForm(t!).Count(char.IsLetterOrDigit) >= 2).When(r => !string.IsNullOrWhiteSpace(r.Term))
            .WithMessage("'term' needs at least two letters or digits after normalization.").OverridePropertyName("term");
        RuleFor(r => r.Category).Must(c => c is not null && WatchlistStore.Categories.Contains(c))
            .WithMessage($"'category' must be one of {string.Join(", ", WatchlistStore.Categories)}.").OverridePropertyName("category");
        RuleFor(r => r.Match).Must(m => m is null || WatchlistStore.Modes.Contains(m))
            .WithMessage("'match' must be word, compound or hashtag.").OverridePropertyName("match");
    }
}

public sealed class FeedRequestValidator : AbstractValidator<FeedRequest>
{
    public FeedRequestValidator(IOptions<MonitoringOptions> options)
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(100).OverridePropertyName("name");
        RuleFor(r => r.Url).Custom((url, ctx) =>
        {
            if (TargetRules.CheckUrl(url, options.Value.AllowHttpFeeds) is { } problem)
            {
                ctx.AddFailure("url", "'url' " + problem);
            }
        });
        RuleFor(r => r.IntervalMinutes).InclusiveBetween(1, 1440).When(r => r.IntervalMinutes is not null)
            .WithMessage("'intervalMinutes' must be between 1 and 1440.").OverridePropertyName("intervalMinutes");
    }
}

public sealed class MentionBatchValidator : AbstractValidator<MentionBatch>
{
    public MentionBatchValidator()
    {
        RuleFor(b => b.Mentions).NotEmpty().WithMessage("'mentions' needs at least one mention.").OverridePropertyName("mentions");
        RuleForEach(b => b.Mentions).ChildRules(m =>
        {
            m.RuleFor(x => x.Source).NotEmpty().MaximumLength(100).OverridePropertyName("source");
            m.RuleFor(x => x.Url).NotEmpty().MaximumLength(2_000)
                .Must(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http")
                .WithMessage("'url' must be an absolute http(s) URL.").OverridePropertyName("url");
            m.RuleFor(x => x.AuthorHandle).MaximumLength(200).OverridePropertyName("authorHandle");
            m.RuleFor(x => x.Text).NotEmpty().MaximumLength(20_000).OverridePropertyName("text");
            m.RuleFor(x => x.PublishedAt).NotNull().WithMessage("'publishedAt' is required (ISO 8601 with offset).").OverridePropertyName("publishedAt");
        }).OverridePropertyName("mentions");
    }
}

/// <summary>The monitoring watchlist, mentions from listening sources, feeds, volumes and alerts (hr).</summary>
public static class MonitoringEndpoints
{
    public static IServiceCollection AddMonitoring(this IServiceCollection services)
    {
        services.AddOptions<MonitoringOptions>().BindConfiguration(MonitoringOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MonitoringOptions>, MonitoringOptionsValidator>();
        services.AddSingleton<WatchlistStore>();
        services.AddSingleton<MonitoringStore>();
        services.AddSingleton<FeedStore>();
        services.AddSingleton<FeedPoller>();
        services.AddHostedService(sp => sp.GetRequiredService<FeedPoller>());
        services.AddSingleton<IValidator<WatchTermRequest>, WatchTermRequestValidator>();
        services.AddSingleton<IValidator<FeedRequest>, FeedRequestValidator>();
        services.AddSingleton<IValidator<MentionBatch>, MentionBatchValidator>();
        services.AddHttpClient(FeedPoller.HttpClientName)
            .RemoveAllLoggers()
            .ConfigureHttpClient(c => c.DefaultRequestHeaders.UserAgent.ParseAdd("Policy-Monitoring/1"))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { MaxAutomaticRedirections = 3, UseCookies = false, AutomaticDecompression = System.Net.DecompressionMethods.All });
        return services;
    }

    public static RouteGroupBuilder MapMonitoring(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/monitoring").WithTags("Monitoring").RequireAuthorization(Roles.Policies.HrOrAdmin);
        group.MapGet("/terms", ListTerms).WithSummary("The watchlist.");
        group.MapPost("/terms", AddTerm).WithValidation<WatchTermRequest>()
            .WithSummary("Watches a term; matched like a pack's terms (same normalization and word forms).");
        group.MapDelete("/terms/{id}", RemoveTerm);
        group.MapPost("/mentions", Ingest).WithValidation<MentionBatch>()
            .WithSummary($"A batch of public mentions from a listening source (at most {MentionList.MaxMentions}); the text is matched, never stored.");
        group.MapGet("/volume", Volume).WithSummary("Mentions per term and hour over the last hours (default 48, at most 720).");
        group.MapGet("/alerts", Alerts).WithSummary("Spike alerts, newest first.");
        group.MapPost("/alerts/{id}/acknowledge", AcknowledgeAlert);
        group.MapGet("/feeds", ListFeeds).WithSummary("Atom and RSS feeds the API polls.");
        group.MapPost("/feeds", AddFeed).WithValidation<FeedRequest>();
        group.MapDelete("/feeds/{id}", RemoveFeed);
        group.MapPost("/feeds/{id}/poll", PollNow).WithSummary("Polls the feed now and answers with what came of it.");
        return group;
    }

    private static Ok<IReadOnlyList<WatchTerm>> ListTerms(WatchlistStore watchlist) => TypedResults.Ok(watchlist.Current.Terms);

    private static Created<WatchTerm> AddTerm(WatchTermRequest r, WatchlistStore watchlist, ClaimsPrincipal user)
    {
        var term = watchlist.Add(user.PersonId(), r.Term!.Trim(), r.Category!, r.Match ?? "word", r.Crisis ?? r.Category == "crisis");
        return TypedResults.Created($"/api/v1/monitoring/terms/{term.Id}", term);
    }

    private static Results<NoContent, ProblemHttpResult> RemoveTerm(string id, WatchlistStore watchlist, ClaimsPrincipal user) =>
        watchlist.Remove(user.PersonId(), id) ? TypedResults.NoContent() : TypedResults.Problem(statusCode: 404, title: "No such term.", detail: $"There is no watched term '{id}'.");

    private static Ok<IngestResult> Ingest(MentionBatch batch, MonitoringStore store) =>
        TypedResults.Ok(store.Ingest([.. batch.Mentions!.Select(m => new Mention(m.Source!.Trim(), m.Url!.Trim(), m.AuthorHandle?.Trim(), m.Text!, m.PublishedAt!.Value))]));

    private static Results<Ok<IReadOnlyList<TermVolume>>, ValidationProblem> Volume(int? hours, MonitoringStore store) =>
        hours is < 1 or > 720
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["hours"] = ["'hours' must be between 1 and 720."] })
            : TypedResults.Ok(store.Volume(hours ?? 48));

    private static Results<Ok<IReadOnlyList<MonitoringAlert>>, ValidationProblem> Alerts(int? limit, MonitoringStore store) =>
        limit is < 1 or > 500
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["'limit' must be between 1 and 500."] })
            : TypedResults.Ok(store.Alerts(limit ?? 100));

    private static Results<NoContent, ProblemHttpResult> AcknowledgeAlert(string id, MonitoringStore store, ClaimsPrincipal user) =>
        store.Acknowledge(user.PersonId(), id) ? TypedResults.NoContent() : TypedResults.Problem(statusCode: 404, title: "No such open alert.", detail: $"There is no unacknowledged alert '{id}'.");

    private static Ok<IReadOnlyList<MonitoringFeed>> ListFeeds(FeedStore feeds) => TypedResults.Ok(feeds.List());

    private static Created<MonitoringFeed> AddFeed(FeedRequest r, FeedStore feeds, ClaimsPrincipal user)
    {
        var feed = feeds.Add(user.PersonId(), r.Name!.Trim(), r.Url!.Trim(), r.IntervalMinutes ?? 15);
        return TypedResults.Created($"/api/v1/monitoring/feeds/{feed.Id}", feed);
    }

    private static Results<NoContent, ProblemHttpResult> RemoveFeed(string id, FeedStore feeds, ClaimsPrincipal user) =>
        feeds.Remove(user.PersonId(), id) ? TypedResults.NoContent() : TypedResults.Problem(statusCode: 404, title: "No such feed.", detail: $"There is no feed '{id}'.");

    private static async Task<Results<Ok<FeedPolled>, ProblemHttpResult>> PollNow(string id, FeedPoller poller, CancellationToken ct) =>
        await poller.PollNowAsync(id, ct) is { } status
            ? TypedResults.Ok(new FeedPolled(id, status))
            : TypedResults.Problem(statusCode: 404, title: "No such feed.", detail: $"There is no feed '{id}'.");
}

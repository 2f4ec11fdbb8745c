using System.Globalization;
using System.Security.Claims;
using System.Text;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Policy.Api.Audit;
using Policy.Api.Export;
using Policy.Api.Identity;
using Policy.Api.Spokespeople;
using Policy.Api.Store;
using Policy.Api.Validation;
using Policy.Core.Accounts;

namespace Policy.Api.Accounts;

/// <summary>
/// The account-ownership registry: hr and legal keep it, employees see and register their own accounts,
/// legal overrides verdicts and exports, hr and legal run offboarding.
/// </summary>
public static class AccountEndpoints
{
    private const int DefaultPage = 100;
    private const int MaxPage = 1_000;

    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AccountOptions>, AccountOptionsValidator>();
        services.AddSingleton<CompanyDomainSource>();
        services.AddSingleton<AccountStore>();
        services.AddSingleton<Offboarding>();
        services.AddSingleton<IValidator<AccountRequest>, AccountRequestValidator>();
        services.AddSingleton<IValidator<OverrideRequest>, OverrideRequestValidator>();
        services.AddSingleton<IValidator<OffboardingDoneRequest>, OffboardingDoneRequestValidator>();
        return services;
    }

    public static RouteGroupBuilder MapAccounts(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/accounts").WithTags("Accounts");
        var signedIn = group.MapGroup(string.Empty).RequireAuthorization(Roles.Policies.SignedIn);
        var hrLegalOrAdmin = group.MapGroup(string.Empty).RequireAuthorization(Roles.Policies.HrLegalOrAdmin);
        var legalOrAdmin = group.MapGroup(string.Empty).RequireAuthorization(Roles.Policies.LegalOrAdmin);

        signedIn.MapGet("/mine", ListMine)
            .WithSummary("The caller's own accounts and their verdicts.");
        signedIn.MapPost("/mine", RegisterMine).WithValidation<AccountRequest>()
            .WithSummary("Registers an account of the caller's; it is linked to the caller from the key.");

        hrLegalOrAdmin.MapGet("/", List)
            .WithSummary("Accounts as of a date (default now), filtered by verdict, status and employee; paged by 'after'.");
        hrLegalOrAdmin.MapPost("/", Create).WithValidation<AccountRequest>();
        hrLegalOrAdmin.MapGet("/{id}", Get);
        hrLegalOrAdmin.MapPut("/{id}", Change).WithValidation<AccountRequest>()
            .WithSummary("Appends a new version; earlier versions stay.");
        hrLegalOrAdmin.MapGet("/{id}/history", History);
        legalOrAdmin.MapPut("/{id}/override", Override).WithValidation<OverrideRequest>()
            .WithSummary("Legal's verdict with a justification, shown beside the computed one; null verdict removes it.");

        legalOrAdmin.MapGet("/export.csv", ExportCsv)
            .WithSummary("Streams the registry as CSV (UTF-8 with BOM; delimiter=semicolon for German Excel). Header X-Export-As-Of pins the manifest.");
        legalOrAdmin.MapGet("/export.json", ExportJson)
            .WithSummary("Streams the registry as a JSON array. Header X-Export-As-Of pins the manifest.");
        legalOrAdmin.MapGet("/export/manifest", Manifest)
            .WithSummary("Rows, filters and SHA-256 of the export with the same format, filters and asOf.");

        hrLegalOrAdmin.MapGet("/offboarding/{id}", OffboardingJson)
            .WithSummary("Offboarding report for the person {id}: accounts and access to hand over, contacts to copy, accounts that stay private.");
        hrLegalOrAdmin.MapGet("/offboarding/{id}/report.csv", OffboardingCsv);
        hrLegalOrAdmin.MapPost("/offboarding/{id}/done", OffboardingDone).WithValidation<OffboardingDoneRequest>()
            .WithSummary("Marks one item of the person's offboarding done, with who and when.");
        return group;
    }

    private static Ok<IReadOnlyList<AccountView>> ListMine(ClaimsPrincipal user, AccountStore store, CompanyDomainSource domains)
    {
        var d = domains.Current;
        using var connection = store.Open();
        return TypedResults.Ok<IReadOnlyList<AccountView>>([.. AccountStore.Stream(connection, new AccountFilter(store.Now(), Employee: user.PersonId()), d).Select(x => x.Row.ToView(d))]);
    }

    private static Results<Created<AccountView>, ValidationProblem> RegisterMine(
        AccountRequest request, ClaimsPrincipal user, AccountStore store, CompanyDomainSource domains, CorporateAccounts corporate)
    {
        var me = user.PersonId();
        if (request.EmployeeId is { Length: > 0 } other && other != me)
        {
            return Invalid("employeeId", "leave 'employeeId' out: an account registered here is linked to you.");
        }

        // The company's own handles (configured, or company accounts in the registry on any platform)
        // are nobody's private account; the answer is the same as for a handle someone else has, so
        // it tells an employee nothing about the registry.
        if (corporate.IsCorporate(request.Handle))
        {
            return DuplicateHandle();
        }

        return Created(store.Create(me, request, me), domains);
    }

    private static Results<Created<AccountView>, ValidationProblem> Create(AccountRequest request, ClaimsPrincipal user, AccountStore store, CompanyDomainSource domains)
    {
        if (request.EmployeeId is { Length: > 0 } employee && !store.PersonExists(employee))
        {
            return Invalid("employeeId", $"there is no person '{employee}'.");
        }

        return Created(store.Create(user.PersonId(), request, request.EmployeeId!), domains);
    }

    private static Results<Ok<AccountPage>, ValidationProblem> List(
        AccountStore store, CompanyDomainSource domains, string? verdict, string? status, string? employee, string? asOf, string? after, int? limit)
    {
        if (Filter(store, verdict, status, employee, asOf) is not { } filter)
        {
            return FilterProblem(verdict, status, asOf);
        }

        if (limit is < 1 or > MaxPage)
        {
            return Invalid("limit", $"'limit' must be between 1 and {MaxPage}.");
        }

        var d = domains.Current;
        var take = limit ?? DefaultPage;
        using var connection = store.Open();
        var items = AccountStore.Stream(connection, filter, d, after ?? string.Empty).Take(take + 1).Select(x => x.Row.ToView(d)).ToList();
        string? next = null;
        if (items.Count > take)
        {
            items.RemoveAt(take);
            next = items[^1].Id;
        }

        return TypedResults.Ok(new AccountPage(items, next));
    }

    private static Results<Ok<AccountView>, ValidationProblem, ProblemHttpResult> Get(string id, string? asOf, AccountStore store, CompanyDomainSource domains)
    {
        if (AsOf(store, asOf) is not { } at)
        {
            return Invalid("asOf", AsOfMessage);
        }

        return store.Get(id, at) is { } row ? TypedResults.Ok(row.ToView(domains.Current)) : NotFound(id);
    }

    private static Results<Ok<AccountView>, ValidationProblem, ProblemHttpResult> Change(string id, AccountRequest request, ClaimsPrincipal user, AccountStore store, CompanyDomainSource domains)
    {
        if (request.EmployeeId is { Length: > 0 } employee && !store.PersonExists(employee))
        {
            return Invalid("employeeId", $"there is no person '{employee}'.");
        }

        return Written(id, store.Change(user.PersonId(), id, request), domains);
    }

    private static Results<Ok<IReadOnlyList<AccountView>>, ProblemHttpResult> History(string id, AccountStore store, CompanyDomainSource domains)
    {
        var d = domains.Current;
        var versions = store.History(id);
        return versions.Count == 0 ? NotFound(id) : TypedResults.Ok<IReadOnlyList<AccountView>>([.. versions.Select(v => v.ToView(d))]);
    }

    private static Results<Ok<AccountView>, ValidationProblem, ProblemHttpResult> Override(string id, OverrideRequest request, ClaimsPrincipal user, AccountStore store, CompanyDomainSource domains) =>
        Written(id, store.Override(user.PersonId(), id, request.Verdict, request.Justification!.Trim()), domains);

    private static async Task<Results<EmptyHttpResult, ValidationProblem>> ExportCsv(
        HttpContext http, AccountStore store, CompanyDomainSource domains, AuditLog audit, ClaimsPrincipal user,
        string? verdict, string? status, string? employee, string? asOf, string? delimiter)
    {
        if (Filter(store, verdict, status, employee, asOf) is not { } filter)
        {
            return FilterProblem(verdict, status, asOf);
        }

        if (Csv.Delimiter(delimiter) is not { } sep)
        {
            return Invalid("delimiter", "'delimiter' must be comma or semicolon.");
        }

        await Stream(http, "text/csv; charset=utf-8", FileName(filter, "csv"), filter, audit, user, "csv",
            (body, ct) => AccountExport.WriteCsvAsync(store, domains.Current, filter, sep, body, ct));
        return TypedResults.Empty;
    }

    private static async Task<Results<EmptyHttpResult, ValidationProblem>> ExportJson(
        HttpContext http, AccountStore store, CompanyDomainSource domains, AuditLog audit, ClaimsPrincipal user,
        string? verdict, string? status, string? employee, string? asOf)
    {
        if (Filter(store, verdict, status, employee, asOf) is not { } filter)
        {
            return FilterProblem(verdict, status, asOf);
        }

        await Stream(http, "application/json; charset=utf-8", FileName(filter, "json"), filter, audit, user, "json",
            (body, ct) => AccountExport.WriteJsonAsync(store, domains.Current, filter, body, ct));
        return TypedResults.Empty;
    }

    private static async Task<Results<Ok<ExportManifest>, ValidationProblem>> Manifest(
        AccountStore store, CompanyDomainSource domains, string? format, string? verdict, string? status, string? employee, string? asOf, string? delimiter, CancellationToken ct)
    {
        if (format is not (null or "csv" or "json"))
        {
            return Invalid("format", "'format' must be csv or json.");
        }

        if (Filter(store, verdict, status, employee, asOf) is not { } filter)
        {
            return FilterProblem(verdict, status, asOf);
        }

        if (Csv.Delimiter(delimiter) is not { } sep)
        {
            return Invalid("delimiter", "'delimiter' must be comma or semicolon.");
        }

        var generatedAt = store.Now();
        var json = format == "json";
        // The same writer into a sink: the same bytes, hashed, nothing kept.
        var result = json
            ? await AccountExport.WriteJsonAsync(store, domains.Current, filter, System.IO.Stream.Null, ct)
            : await AccountExport.WriteCsvAsync(store, domains.Current, filter, sep, System.IO.Stream.Null, ct);
        return TypedResults.Ok(new ExportManifest(
            FileName(filter, json ? "json" : "csv"), json ? "json" : "csv", json ? null : sep.ToString(), result.Rows, result.Bytes, generatedAt, filter.AsOf,
            new ExportFilters(filter.Verdict, filter.Status, filter.Employee, filter.AsOf), result.Sha256));
    }

    private static Results<Ok<OffboardingReport>, ProblemHttpResult> OffboardingJson(string id, Offboarding offboarding, AccountStore store, ClaimsPrincipal user) =>
        store.PersonExists(id) ? TypedResults.Ok(offboarding.Report(id, user.PersonId(), "json")) : UnknownPerson(id);

    private static Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem> OffboardingCsv(string id, string? delimiter, Offboarding offboarding, AccountStore store, ClaimsPrincipal user)
    {
        if (Csv.Delimiter(delimiter) is not { } sep)
        {
            return Invalid("delimiter", "'delimiter' must be comma or semicolon.");
        }

        if (!store.PersonExists(id))
        {
            return UnknownPerson(id);
        }

        var csv = Offboarding.ToCsv(offboarding.Report(id, user.PersonId(), "csv"), sep);
        return TypedResults.File([.. Csv.Utf8WithBom.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)], "text/csv; charset=utf-8", $"offboarding-{id}.csv");
    }

    private static Results<Ok<OffboardingReport>, ProblemHttpResult> OffboardingDone(string id, OffboardingDoneRequest request, Offboarding offboarding, ClaimsPrincipal user)
    {
        if (!offboarding.MarkDone(user.PersonId(), id, request.AccountId!, request.Item!, request.Note?.Trim() ?? string.Empty))
        {
            return TypedResults.Problem(statusCode: 404, title: "No such account of this person.", detail: $"Account '{request.AccountId}' is not linked to person '{id}'.");
        }

        return TypedResults.Ok(offboarding.Report(id, user.PersonId(), "json"));
    }

    private static async Task Stream(
        HttpContext http, string contentType, string fileName, AccountFilter filter, AuditLog audit, ClaimsPrincipal user, string format,
        Func<Stream, CancellationToken, Task<ExportResult>> write)
    {
        var response = http.Response;
        response.ContentType = contentType;
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        response.Headers["X-Export-As-Of"] = filter.AsOf;
        ExportResult? result = null;
        try
        {
            result = await write(response.Body, http.RequestAborted);
        }
        finally
        {
            // Who exported what, and the file's hash: the audit entry is the receipt for the download.
            audit.Append(user.PersonId(), AuditAction.AccountsExported, format, new
            {
                completed = result is not null,
                filter.AsOf,
                filter.Verdict,
                filter.Status,
                filter.Employee,
                rows = result?.Rows,
                sha256 = result?.Sha256,
            });
        }
    }

    private static string FileName(AccountFilter filter, string extension) =>
        $"accounts-{filter.AsOf[..10]}.{extension}";

    private const string AsOfMessage = "'asOf' must be a date (2025-01-31, meaning the end of that day, UTC) or a date and time (2025-01-31T12:00:00Z).";

    /// <summary>"2025-01-31" is the end of that day (UTC); a date-time is taken as given; none is now.</summary>
    internal static string? AsOf(AccountStore store, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return store.Now();
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return StoreTime.Stamp(new DateTimeOffset(day.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero));
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? StoreTime.Stamp(at) : null;
    }

    private static AccountFilter? Filter(AccountStore store, string? verdict, string? status, string? employee, string? asOf)
    {
        if ((verdict is not null && !AccountNames.Verdicts.Contains(verdict)) || (status is not null && !AccountNames.Statuses.Contains(status)))
        {
            return null;
        }

        return AsOf(store, asOf) is { } at ? new AccountFilter(at, status, string.IsNullOrWhiteSpace(employee) ? null : employee, verdict) : null;
    }

    private static ValidationProblem FilterProblem(string? verdict, string? status, string? asOf)
    {
        var errors = new Dictionary<string, string[]>();
        if (verdict is not null && !AccountNames.Verdicts.Contains(verdict))
        {
            errors["verdict"] = ["'verdict' must be company, employee or disputed."];
        }

        if (status is not null && !AccountNames.Statuses.Contains(status))
        {
            errors["status"] = ["'status' must be active, handed-over or closed."];
        }

        if (errors.Count == 0)
        {
            errors["asOf"] = [AsOfMessage];
        }

        return TypedResults.ValidationProblem(errors);
    }

    private static Results<Created<AccountView>, ValidationProblem> Created((WriteOutcome Outcome, AccountRow? Row) written, CompanyDomainSource domains) =>
        written.Outcome == WriteOutcome.Done
            ? TypedResults.Created($"/api/v1/accounts/{written.Row!.AccountId}", written.Row.ToView(domains.Current))
            : DuplicateHandle();

    private static Results<Ok<AccountView>, ValidationProblem, ProblemHttpResult> Written(string id, (WriteOutcome Outcome, AccountRow? Row) written, CompanyDomainSource domains) =>
        written.Outcome switch
        {
            WriteOutcome.Done => TypedResults.Ok(written.Row!.ToView(domains.Current)),
            WriteOutcome.DuplicateHandle => DuplicateHandle(),
            _ => NotFound(id),
        };

    /// <summary>Says only that the handle cannot be registered, not whose it is or why.</summary>
    private static ValidationProblem DuplicateHandle() =>
        Invalid("handle", "this handle is not available.");

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: 404, title: "No such account.", detail: $"There is no account with id '{id}' (at that date).");

    private static ProblemHttpResult UnknownPerson(string id) =>
        TypedResults.Problem(statusCode: 404, title: "Unknown person.", detail: $"There is no person '{id}'.");
}

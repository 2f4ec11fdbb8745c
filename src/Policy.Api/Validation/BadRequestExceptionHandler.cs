using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Policy.Api.Validation;

/// <summary>
/// A body that is not valid JSON, of the wrong shape or too long, or a query value of the wrong
/// type, is the caller's mistake: answer with the status the framework chose and a ProblemDetails
/// body that says in plain words what was wrong and names the field, never a 500. The framework's
/// own messages name internal types ("Policy.Api.Checks.CheckRequestDto") and parameters
/// ("Implicit body inferred…"), so they are translated here, not passed on.
/// </summary>
internal sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        var (title, detail, field) = Describe(bad);
        httpContext.Response.StatusCode = bad.StatusCode;
        ProblemDetails problem = field is null
            ? new ProblemDetails()
            : new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [detail] });
        problem.Status = bad.StatusCode;
        problem.Title = title;
        problem.Detail = detail;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, Exception = exception, ProblemDetails = problem });
    }

    /// <summary>Title, detail and the field (null: the request as a whole) for a request the framework could not bind.</summary>
    internal static (string Title, string Detail, string? Field) Describe(BadHttpRequestException bad)
    {
        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return ("Unsupported media type.", "This endpoint reads a JSON body: send it with 'Content-Type: application/json'.", null);
        }

        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ("The request body is too large.", "The body is larger than this server accepts; send less in one request.", null);
        }

        if (bad.InnerException is ListLimitException limit)
        {
            var list = ListField(limit.Path);
            return ("Too many items.", $"'{list}' {limit.Message} Reading stopped there; nothing was checked or stored.", list);
        }

        if (bad.InnerException is JsonException json)
        {
            var field = Field(json.Path);
            var where = json.LineNumber is { } line ? $" (line {line + 1}, byte {json.BytePositionInLine + 1})" : string.Empty;
            var reason = Reason(json.Message);
            return ("The request body could not be read.", field == "body" ? $"The body is not valid JSON: {reason}{where}." : $"'{field}': {reason}{where}.", field);
        }

        var message = bad.Message;
        if (message.StartsWith("Implicit body inferred", StringComparison.Ordinal) || BodyMissing().IsMatch(message))
        {
            return ("A JSON body is required.", "Send the request as a JSON object in the body, with 'Content-Type: application/json'.", "body");
        }

        if (BindFailed().Match(message) is { Success: true } failed)
        {
            var name = failed.Groups["name"].Value;
            return ("A parameter has the wrong form.", $"'{name}' must be {Expected(failed.Groups["type"].Value)}.", name);
        }

        if (ParameterMissing().Match(message) is { Success: true } missing)
        {
            var name = missing.Groups["name"].Value;
            return ("A parameter is missing.", $"'{name}' is required.", name);
        }

        return ("The request could not be read.", "The request is malformed; check its headers, query and body.", null);
    }

    /// <summary>The reader's reason without its position suffix, or a plain one where it would name a type.</summary>
    private static string Reason(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        var reason = (end >= 0 ? message[..end] : message).TrimEnd('.', ' ');
        return reason.StartsWith("The JSON value could not be converted", StringComparison.Ordinal) || TypeName().IsMatch(reason)
            ? "the value has the wrong type (a string, number, boolean, object or array where another is expected)"
            : reason;
    }

    /// <summary>"$.items[3].text" → "items[3].text"; "$" → "body".</summary>
    private static string Field(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    /// <summary>The list itself, not the item past the limit: "$.items[1000]" → "items".</summary>
    private static string ListField(string? path)
    {
        var field = Field(path);
        var bracket = field.LastIndexOf('[');
        return bracket > 0 ? field[..bracket] : field;
    }

    private static string Expected(string type) => Unwrapped(type) switch
    {
        "int" or "long" or "short" or "Int32" or "Int64" => "a whole number",
        "double" or "float" or "decimal" => "a number",
        "bool" or "Boolean" => "true or false",
        "Guid" => "a UUID",
        "DateTime" or "DateTimeOffset" or "DateOnly" => "a date (2025-01-31) or date and time (2025-01-31T12:00:00Z)",
        _ => "of another form",
    };

    /// <summary>"int?", "Nullable&lt;int&gt;" → "int".</summary>
    private static string Unwrapped(string type) =>
        type.StartsWith("Nullable<", StringComparison.Ordinal) && type.EndsWith('>') ? type[9..^1] : type.TrimEnd('?');

    [GeneratedRegex("""^Failed to bind parameter "(?<type>[^"]+) (?<name>[A-Za-z0-9_]+)" from""")]
    private static partial Regex BindFailed();

    [GeneratedRegex("""^Required parameter "(?<type>[^"]+) (?<name>[A-Za-z0-9_]+)" was not provided from (query string|route|header)""")]
    private static partial Regex ParameterMissing();

    [GeneratedRegex("""^Required parameter "[^"]+" was not provided from body""")]
    private static partial Regex BodyMissing();

    /// <summary>A .NET type name with its namespace ("Policy.Api.Checks.X", "System.Int32").</summary>
    [GeneratedRegex(@"\b[A-Z][A-Za-z0-9]*\.[A-Z][A-Za-z0-9]*(\.[A-Za-z0-9]+)*\b")]
    private static partial Regex TypeName();
}

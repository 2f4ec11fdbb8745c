using Microsoft.AspNetCore.Diagnostics;

namespace Policy.Api.Validation;

/// <summary>
/// A body that is not valid JSON, or of the wrong shape, is the caller's mistake: answer with
/// the status the framework chose and a ProblemDetails body, never a 500.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = bad.StatusCode,
                Title = "The request body could not be read.",
                // The JSON reader's message names the path and position; it holds no request content.
                Detail = (bad.InnerException ?? bad).Message,
            },
        });
    }
}

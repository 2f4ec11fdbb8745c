using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Policy.Api.Store;

/// <summary>
/// The store could not be reached or was busy beyond its timeout (a PostgreSQL restart or
/// failover, a cut connection, a SQLite file locked for 30 s): nothing was committed, the caller
/// may simply try again. Answer 503 with Retry-After, not 500, so clients and load balancers
/// treat it as the passing condition it is.
/// </summary>
internal sealed class StoreUnavailableExceptionHandler(IProblemDetailsService problems, ILogger<StoreUnavailableExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsUnavailable(exception))
        {
            return false;
        }

        logger.LogWarning("The store is unavailable: {Error}", exception.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "1";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The store is unavailable; nothing was changed. Try again.",
            },
        });
    }

    public static bool IsUnavailable(Exception exception) => exception switch
    {
        // Class 08: connection exception; 57P01–57P03: the server is shutting down or starting.
        PostgresException pg => pg.IsTransient || pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("57P0", StringComparison.Ordinal),
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is IOException or System.Net.Sockets.SocketException or TimeoutException,
        SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6, // SQLITE_BUSY, SQLITE_LOCKED
        _ => exception.InnerException is { } inner && IsUnavailable(inner),
    };
}

using Microsoft.Data.Sqlite;
using Npgsql;
using Policy.Api.Store;

namespace Policy.Api.Tests;

/// <summary>Which store failures are "try again" (503) and which are faults (500).</summary>
public sealed class StoreUnavailableTests
{
    [Theory]
    [InlineData("57P01", true)] // terminating connection due to administrator command
    [InlineData("57P03", true)] // the database system is starting up
    [InlineData("08006", true)] // connection failure
    [InlineData("40001", true)] // serialization failure
    [InlineData("23505", false)] // unique violation: a bug, not an outage
    [InlineData("42P01", false)] // undefined table: a bug
    public void PostgreSQL_errors_by_their_state(string sqlState, bool unavailable) =>
        Assert.Equal(unavailable, StoreUnavailableExceptionHandler.IsUnavailable(new PostgresException("x", "FATAL", "FATAL", sqlState)));

    [Fact]
    public void A_broken_socket_is_unavailable_and_so_is_it_wrapped()
    {
        var broken = new NpgsqlException("Exception while reading from stream", new IOException("Connection reset by peer"));
        Assert.True(StoreUnavailableExceptionHandler.IsUnavailable(broken));
        Assert.True(StoreUnavailableExceptionHandler.IsUnavailable(new InvalidOperationException("wrapped", broken)));
        Assert.False(StoreUnavailableExceptionHandler.IsUnavailable(new InvalidOperationException("no store involved")));
    }

    [Theory]
    [InlineData(5, true)] // SQLITE_BUSY after the busy timeout
    [InlineData(6, true)] // SQLITE_LOCKED
    [InlineData(19, false)] // SQLITE_CONSTRAINT
    [InlineData(11, false)] // SQLITE_CORRUPT: not something to retry
    public void SQLite_errors_by_their_code(int code, bool unavailable) =>
        Assert.Equal(unavailable, StoreUnavailableExceptionHandler.IsUnavailable(new SqliteException("x", code)));
}

using System.Globalization;

namespace Policy.Api.Store;

/// <summary>How the store writes the instants it compares and orders by.</summary>
public static class StoreTime
{
    /// <summary>
    /// Fixed-width UTC with seven fraction digits, so text order is time order on both backends
    /// (SQLite's BINARY and PostgreSQL's "C" collation) and SQLite's date() reads it.
    /// </summary>
    public static string Stamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}

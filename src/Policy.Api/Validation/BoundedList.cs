using System.Collections.ObjectModel;
using System.Text.Json;

namespace Policy.Api.Validation;

/// <summary>
/// A list in a request body that refuses its item past <see cref="Limit"/> while the body is still
/// being read: the JSON reader adds items one at a time as they arrive, so an array of millions of
/// items stops at the first one too many instead of being read, kept and validated item by item.
/// </summary>
public abstract class BoundedList<T> : Collection<T>
{
    protected abstract int Limit { get; }

    /// <summary>What the items are called in the answer ("drafts", "attachments").</summary>
    protected abstract string Noun { get; }

    protected override void InsertItem(int index, T item)
    {
        if (Count >= Limit)
        {
            throw new ListLimitException(Limit, Noun);
        }

        base.InsertItem(index, item);
    }
}

/// <summary>
/// Thrown from inside deserialization (so the JSON reader stops there and adds the path); the bad-request
/// handler answers it with a 400 that names the list.
/// </summary>
public sealed class ListLimitException(int limit, string noun)
    : JsonException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"may hold at most {limit:N0} {noun}."))
{
    public int Limit { get; } = limit;
}

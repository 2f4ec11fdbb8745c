using System.Globalization;

namespace Policy.Api.Decisions;

/// <summary>The statistics count per ISO week ("2026-W09"): checks, overrides and false-positive reports alike.</summary>
public static class IsoWeeks
{
    public static string Of(DateTime date) =>
        string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(date):D4}-W{ISOWeek.GetWeekOfYear(date):D2}");

    /// <summary>Adds up counts per UTC day ("yyyy-MM-dd", the first ten characters of a stored time) to counts per week.</summary>
    public static Dictionary<string, long> FromDays(IEnumerable<(string Day, long Count)> days)
    {
        var byWeek = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (day, count) in days)
        {
            var week = Of(DateTime.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture));
            byWeek[week] = byWeek.GetValueOrDefault(week) + count;
        }

        return byWeek;
    }
}

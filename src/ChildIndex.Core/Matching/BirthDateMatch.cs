using System.Globalization;

namespace ChildIndex.Core.Matching;

/// <summary>
/// Compares a candidate's date of birth with the date or year searched for, as an agreement
/// level: exact; day and month swapped (the US order, or a slip); within a week; one digit
/// mistyped; within the tolerance; or not at all. A date that disagrees counts against the child
/// without ruling it out by itself (ADR 14).
/// </summary>
public static class BirthDateMatch
{
    public const int Week = 7;

    /// <summary>Null when the search has neither a date nor a year of birth.</summary>
    public static Evidence<DateLevel>? Compare(NameQuery query, DateOnly dateOfBirth, int toleranceDays)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.DateOfBirth is not { } searched)
        {
            return query.BirthYear is { } year
                ? year == dateOfBirth.Year
                    ? new(DateLevel.Year, string.Create(CultureInfo.InvariantCulture, $"born in {year}"))
                    : new(DateLevel.Disagree, null)
                : null;
        }

        if (searched == dateOfBirth)
        {
            return new(DateLevel.Exact, "date of birth matches");
        }

        if (query.SwappedDateOfBirth == dateOfBirth)
        {
            return new(DateLevel.DayMonthSwapped, "date of birth with day and month swapped");
        }

        var days = Math.Abs(searched.DayNumber - dateOfBirth.DayNumber);
        var apart = string.Create(CultureInfo.InvariantCulture, $"date of birth {days} {(days == 1 ? "day" : "days")} apart");
        return days <= Week ? new(DateLevel.WithinWeek, apart)
            : OneDigitApart(searched, dateOfBirth) ? new(DateLevel.OneDigit, "date of birth one digit apart")
            : days <= toleranceDays ? new(DateLevel.WithinTolerance, apart)
            : new(DateLevel.Disagree, null);
    }

    /// <summary>The two dates, written yyyymmdd, differ in exactly one digit.</summary>
    public static bool OneDigitApart(DateOnly first, DateOnly second) =>
        DigitsApart(first.Year, second.Year, 4) + DigitsApart(first.Month, second.Month, 2) + DigitsApart(first.Day, second.Day, 2) == 1;

    private static int DigitsApart(int first, int second, int digits)
    {
        var apart = 0;
        for (var i = 0; i < digits; i++, first /= 10, second /= 10)
        {
            apart += first % 10 == second % 10 ? 0 : 1;
        }

        return apart;
    }
}

using System.Globalization;

namespace ChildIndex.Core.Matching;

/// <summary>
/// Compares a candidate's date of birth with the date or year searched for. Forgiven: a date a
/// few days out (within the tolerance, scoring less the further out), and day and month swapped
/// (the US order, or a slip). A date further out scores 0: the child is then found only by other
/// criteria (a postcode), not by a wrong date.
/// </summary>
public static class BirthDateMatch
{
    public const double Swapped = 0.9;
    public const double WithinToleranceBest = 0.9;
    public const double WithinToleranceWorst = 0.6;

    /// <summary>Null when the search has neither a date nor a year of birth.</summary>
    public static FieldMatch? Compare(NameQuery query, DateOnly dateOfBirth, int toleranceDays)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.DateOfBirth is not { } searched)
        {
            return query.BirthYear is { } year
                ? year == dateOfBirth.Year ? new FieldMatch(1, string.Create(CultureInfo.InvariantCulture, $"born in {year}")) : FieldMatch.None
                : null;
        }

        if (searched == dateOfBirth)
        {
            return new FieldMatch(1, "date of birth matches");
        }

        if (query.SwappedDateOfBirth == dateOfBirth)
        {
            return new FieldMatch(Swapped, "date of birth with day and month swapped");
        }

        var days = Math.Abs(searched.DayNumber - dateOfBirth.DayNumber);
        if (days > toleranceDays)
        {
            return FieldMatch.None;
        }

        var score = WithinToleranceBest - ((WithinToleranceBest - WithinToleranceWorst) * days / Math.Max(1, toleranceDays));
        return new FieldMatch(score, string.Create(CultureInfo.InvariantCulture, $"date of birth {days} {(days == 1 ? "day" : "days")} apart"));
    }
}

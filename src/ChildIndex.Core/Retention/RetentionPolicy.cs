namespace ChildIndex.Core.Retention;

/// <summary>Why a record may stay active until 25 instead of 18 (recorded with the young person's consent).</summary>
public enum RetentionExtension : byte
{
    None = 0,
    CareLeaver = 1,
    LearningDifficulty = 2,
}

/// <summary>What the retention rules need to know of one record.</summary>
/// <param name="ArchivedOn">Null while the record is active.</param>
/// <param name="LegalHold">A hold (with reason and who set it, kept elsewhere) stops the purge, not the archive.</param>
public sealed record RetentionFacts(DateOnly DateOfBirth, DateOnly? DateOfDeath, RetentionExtension Extension, DateOnly? ArchivedOn, bool LegalHold);

public enum RetentionAction
{
    /// <summary>Nothing due today.</summary>
    None,
    Archive,
    Purge,

    /// <summary>The purge is due, but a legal hold stops it.</summary>
    HeldFromPurge,
}

/// <param name="ArchiveDue">When the record is (or was) due for archiving.</param>
/// <param name="PurgeDue">When the archived record is due for purging; null while it is active.</param>
public sealed record RetentionDecision(RetentionAction Action, DateOnly ArchiveDue, DateOnly? PurgeDue);

/// <summary>Who may still see an archived record.</summary>
public enum ArchivedAccess
{
    /// <summary>The first year after archiving: the index team, for data quality.</summary>
    IndexTeam,

    /// <summary>After that: the index team, only for a recorded serious enquiry (a section 47
    /// enquiry, a serious case review, a child death review).</summary>
    SeriousEnquiryOnly,
}

/// <summary>
/// The retention rules the regulations set for the index: a record is archived on the child's 18th
/// birthday (25th with a recorded extension), or one year after a recorded death; an archived record
/// is purged six years after archiving unless a legal hold is on it. Dates are calendar dates in
/// England: a birthday on 29 February falls on 1 March in other years, when English law says a
/// person born that day attains an age.
/// </summary>
public static class RetentionPolicy
{
    public const int ArchiveAge = 18;
    public const int ExtendedArchiveAge = 25;
    public const int YearsKeptAfterDeath = 1;
    public const int YearsArchivedBeforePurge = 6;
    public const int YearsSeenByIndexTeam = 1;

    public static RetentionDecision Decide(RetentionFacts facts, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var archiveDue = ArchiveDue(facts);
        if (facts.ArchivedOn is not { } archivedOn)
        {
            return new RetentionDecision(today >= archiveDue ? RetentionAction.Archive : RetentionAction.None, archiveDue, null);
        }

        var purgeDue = Anniversary(archivedOn, YearsArchivedBeforePurge);
        var action = today < purgeDue ? RetentionAction.None : facts.LegalHold ? RetentionAction.HeldFromPurge : RetentionAction.Purge;
        return new RetentionDecision(action, archiveDue, purgeDue);
    }

    /// <summary>A recorded death keeps the record one year from it (for the child death review),
    /// even past the 18th birthday; otherwise the 18th or, with an extension, the 25th birthday.</summary>
    public static DateOnly ArchiveDue(RetentionFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.DateOfDeath is { } died)
        {
            return Anniversary(died, YearsKeptAfterDeath);
        }

        return Anniversary(facts.DateOfBirth, facts.Extension == RetentionExtension.None ? ArchiveAge : ExtendedArchiveAge);
    }

    public static ArchivedAccess AccessToArchived(DateOnly archivedOn, DateOnly today) =>
        today < Anniversary(archivedOn, YearsSeenByIndexTeam) ? ArchivedAccess.IndexTeam : ArchivedAccess.SeriousEnquiryOnly;

    /// <summary>The date <paramref name="years"/> after <paramref name="date"/>: 29 February moves
    /// to 1 March in a year without one (DateOnly.AddYears would give 28 February).</summary>
    public static DateOnly Anniversary(DateOnly date, int years)
    {
        var year = date.Year + years;
        return date is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(year)
            ? new DateOnly(year, 3, 1)
            : new DateOnly(year, date.Month, date.Day);
    }
}

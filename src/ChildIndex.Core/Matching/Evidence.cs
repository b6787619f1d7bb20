namespace ChildIndex.Core.Matching;

/// <summary>How a family name compares (and a given name's spelling and sound), strongest first.</summary>
public enum NameLevel
{
    Exact,

    /// <summary>The whole names' Double Metaphone codes agree (names over three letters).</summary>
    Sound,

    /// <summary>Jaro-Winkler at least 0.92, within a plausible number of typing slips.</summary>
    Close,

    /// <summary>Jaro-Winkler at least 0.85, or a short name that sounds the same.</summary>
    Similar,

    /// <summary>Jaro-Winkler at least 0.75: the first letter wrong (Nensah for Mensah).</summary>
    Weak,

    Disagree,
}

/// <summary>How the given name searched for compares with a candidate's given names, strongest first.</summary>
public enum GivenLevel
{
    Exact,

    /// <summary>A short form or other spelling the given-name forms know (Bill for William).</summary>
    KnownForm,

    Sound,

    Close,

    Similar,

    /// <summary>An initial that is the first letter of the name.</summary>
    Initial,

    Weak,

    Disagree,
}

/// <summary>How the date or year of birth searched for compares, strongest first.</summary>
public enum DateLevel
{
    Exact,

    DayMonthSwapped,

    WithinWeek,

    /// <summary>One digit of the eight (yyyymmdd) differs: a typing slip, 2015 for 2016.</summary>
    OneDigit,

    /// <summary>Within the tolerance (SEARCH_DOB_TOLERANCE_DAYS, 31 by default).</summary>
    WithinTolerance,

    /// <summary>A year searched for alone, and the child was born that year.</summary>
    Year,

    Disagree,
}

/// <summary>How the postcode or district searched for compares, strongest first.</summary>
public enum PostcodeLevel
{
    Full,

    District,

    Disagree,
}

/// <summary>One field's comparison: its agreement level and the reason shown to a practitioner
/// ("nickname Bill for William"; none when nothing agreed). <paramref name="Partial"/>: the match
/// was on one part of a double-barrelled family name, or on a middle name, which counts a little less.</summary>
public readonly record struct Evidence<TLevel>(TLevel Level, string? Reason, bool Partial = false)
    where TLevel : struct, Enum;

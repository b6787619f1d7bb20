using System.Text;
using System.Text.RegularExpressions;
using ChildIndex.Core.Identifiers;
using Google.Type;
using V1 = ChildIndex.Contracts.V1;
using ChildIndex.Common.Errors;

namespace ChildIndex.Core.Validation;

/// <summary>
/// The format of every text field the index stores. The character sets and lengths are tight on
/// purpose: they leave no room for case notes or narrative (no newlines, no sentence punctuation,
/// short limits).
/// </summary>
public static partial class FieldRules
{
    public const int NameMaxLength = 100;
    public const int AddressLineMaxLength = 100;
    public const int TownMaxLength = 60;
    public const int OrganisationNameMaxLength = 100;
    public const int PractitionerNameMaxLength = 100;
    public const int RoleMaxLength = 60;
    public const int PhoneMaxLength = 24;
    public const int EmailMaxLength = 254;
    public const int OrganisationCodeMaxLength = 12;
    public const int LocalIdMaxLength = 40;
    public const int MaxOtherNames = 10;
    public const int MaxCarers = 6;
    public const int MaxLocalIds = 10;

    /// <summary>A part of a person's name, tidied (NFC, single spaces). Null when refused.</summary>
    public static string? PersonName(string? value, string field, Violations violations) =>
        Text(value, field, violations, NameMaxLength, NamePattern(),
            "must be letters (accents allowed), spaces, hyphens and apostrophes, starting with a letter");

    public static string? AddressLine(string? value, string field, Violations violations) =>
        Text(value, field, violations, AddressLineMaxLength, AddressLinePattern(),
            "must be letters, digits, spaces and , . ' - / & ( )");

    public static string? Town(string? value, string field, Violations violations) =>
        Text(value, field, violations, TownMaxLength, TownPattern(),
            "must be letters, spaces, hyphens, apostrophes and full stops");

    /// <summary>Names of organisations, practitioners, teams and roles.</summary>
    public static string? ServiceText(string? value, string field, Violations violations, int maxLength) =>
        Text(value, field, violations, maxLength, ServiceTextPattern(),
            "must be letters, digits, spaces and , . ' - & ( ), starting with a letter or digit");

    public static string? OrganisationCode(string? value, string field, Violations violations)
    {
        var code = value?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(code))
        {
            violations.Add(field, "is required");
            return null;
        }

        if (!OrganisationCodePattern().IsMatch(code))
        {
            violations.Add(field, $"must be 2 to {OrganisationCodeMaxLength} letters and digits");
            return null;
        }

        return code;
    }

    public static string? LocalIdValue(string? value, string field, Violations violations)
    {
        var id = value?.Trim();
        if (string.IsNullOrEmpty(id))
        {
            violations.Add(field, "is required");
            return null;
        }

        if (!LocalIdPattern().IsMatch(id))
        {
            violations.Add(field, $"must be 1 to {LocalIdMaxLength} letters, digits and - / . _, starting with a letter or digit");
            return null;
        }

        return id;
    }

    /// <summary>An optional phone number: 10 to 15 digits, an optional leading +, and spaces,
    /// hyphens or brackets between digits. Kept as written, trimmed.</summary>
    public static string? Phone(string? value, string field, Violations violations)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var phone = CollapseSpaces(value);
        var digits = phone.Count(char.IsAsciiDigit);
        if (phone.Length > PhoneMaxLength || !PhonePattern().IsMatch(phone) || digits is < 10 or > 15)
        {
            violations.Add(field, "must be a telephone number of 10 to 15 digits, optionally starting with +");
            return null;
        }

        return phone;
    }

    public static string? Email(string? value, string field, Violations violations)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var email = value.Trim();
        if (email.Length > EmailMaxLength || !EmailPattern().IsMatch(email))
        {
            violations.Add(field, "must be an email address");
            return null;
        }

        return email;
    }

    public static string? Postcode(string? value, string field, Violations violations)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            violations.Add(field, "is required");
            return null;
        }

        if (!Identifiers.Postcode.TryParse(value.Trim(), out var postcode))
        {
            violations.Add(field, "must be a UK postcode, for example SW1A 1AA");
            return null;
        }

        return postcode;
    }

    /// <summary>A search's postcode: a full postcode, or a postcode district alone ("LS6").
    /// Returns (full, null), (null, district), or (null, null) when absent or refused.</summary>
    public static (string? Full, string? District) PostcodeOrDistrict(string? value, string field, Violations violations)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return (null, null);
        }

        if (Identifiers.Postcode.TryParse(value.Trim(), out var full))
        {
            return (full, null);
        }

        if (Identifiers.Postcode.TryParseDistrict(value, out var district))
        {
            return (null, district);
        }

        violations.Add(field, "must be a UK postcode (SW1A 1AA) or a postcode district (SW1A)");
        return (null, null);
    }

    /// <summary>A year of birth for a search: from 1900 to this year. Null when absent (0) or refused.</summary>
    public static int? BirthYear(int value, string field, Violations violations, DateOnly today)
    {
        if (value == 0)
        {
            return null;
        }

        if (value < 1900 || value > today.Year)
        {
            violations.Add(field, $"must be a year from 1900 to {today.Year}");
            return null;
        }

        return value;
    }

    /// <summary>A complete calendar date. Null when absent (no violation) or refused.</summary>
    public static DateOnly? Date(Date? value, string field, Violations violations, bool required)
    {
        if (value is null || (value.Year == 0 && value.Month == 0 && value.Day == 0))
        {
            if (required)
            {
                violations.Add(field, "is required");
            }

            return null;
        }

        if (value.Year is < 1900 or > 9999 || value.Month is < 1 or > 12 || value.Day < 1 ||
            value.Day > System.DateTime.DaysInMonth(value.Year, value.Month))
        {
            violations.Add(field, "must be a complete, real calendar date (year, month and day)");
            return null;
        }

        return new DateOnly(value.Year, value.Month, value.Day);
    }

    public static string? NhsNumber(string? value, string field, Violations violations)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!Identifiers.NhsNumber.TryParse(value, out var nhs))
        {
            violations.Add(field, "must be a 10-digit NHS number with a valid check digit");
            return null;
        }

        return nhs;
    }

    public static string? Upn(string? value, string field, Violations violations)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!UniquePupilNumber.TryParse(value, out var upn))
        {
            violations.Add(field, "must be a 13-character Unique Pupil Number with a valid check letter");
            return null;
        }

        return upn;
    }

    public static string? ChildId(string? value, string field, Violations violations)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            violations.Add(field, "is required");
            return null;
        }

        if (!Identifiers.ChildId.TryParse(value, out var id))
        {
            violations.Add(field, "must be an index identifier like K7Q2-M9XD-7 (check the characters: the last one is a check character)");
            return null;
        }

        return id;
    }

    public static Guid? RequestId(string? value, string field, Violations violations)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            violations.Add(field, "is required: a UUID that identifies this request, reused only to retry it");
            return null;
        }

        if (!Guid.TryParseExact(value.Trim(), "D", out var id) || id == Guid.Empty)
        {
            violations.Add(field, "must be a UUID, for example 0b6f6f4e-2c1e-4d5b-9a43-5e0c9b1f2a77");
            return null;
        }

        return id;
    }

    public const int JustificationMaxLength = 200;

    /// <summary>Every look-up states why; the justification is free but short and on one line,
    /// and is kept only in the audit trail.</summary>
    public static void Purpose(V1.AccessPurpose? purpose, string field, Violations violations)
    {
        if (purpose is null || !Enum.IsDefined(purpose.Code) || purpose.Code == V1.AccessPurposeCode.Unspecified)
        {
            violations.Add($"{field}.code", "is required: why you are looking the child up (ACCESS_PURPOSE_CODE_...)");
            return;
        }

        if (purpose.Justification.Length > JustificationMaxLength || purpose.Justification.Any(char.IsControl))
        {
            violations.Add($"{field}.justification", $"must be at most {JustificationMaxLength} characters on one line");
        }
    }

    /// <summary>
    /// Why the index team shielded or unshielded a record, broke a shield or closed a review: free
    /// but short and on one line, kept with the shield or review and in the audit trail. Null when
    /// absent (a violation if <paramref name="required"/>) or refused.
    /// </summary>
    public static string? Justification(string? value, string field, Violations violations, bool required, int minLength = 1)
    {
        var text = value?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            if (required)
            {
                violations.Add(field, $"is required: say why, in {minLength} to {JustificationMaxLength} characters on one line");
            }

            return null;
        }

        if (text.Length < minLength || text.Length > JustificationMaxLength || text.Any(char.IsControl))
        {
            violations.Add(field, $"must be {minLength} to {JustificationMaxLength} characters on one line");
            return null;
        }

        return text;
    }

    private static string? Text(string? value, string field, Violations violations, int maxLength, Regex pattern, string rule)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            violations.Add(field, "is required");
            return null;
        }

        // Checked before normalising so that a huge value costs nothing more.
        if (value.Length > maxLength * 2)
        {
            violations.Add(field, $"must be at most {maxLength} characters");
            return null;
        }

        var text = CollapseSpaces(value.Normalize(NormalizationForm.FormC));
        if (text.Length > maxLength)
        {
            violations.Add(field, $"must be at most {maxLength} characters");
            return null;
        }

        if (!pattern.IsMatch(text))
        {
            violations.Add(field, rule);
            return null;
        }

        return text;
    }

    // Only runs of plain spaces are tidied: a tab or line break is refused by the field's pattern,
    // never quietly turned into a space, since it is how narrative would arrive.
    private static string CollapseSpaces(string value) => SpaceRun().Replace(value.Trim(' '), " ");

    [GeneratedRegex(@"^\p{L}\p{M}*(?:[\p{L}\p{M}'’\- ])*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[\p{L}\p{N}][\p{L}\p{M}\p{N} ,.'’\-/&()]*$", RegexOptions.CultureInvariant)]
    private static partial Regex AddressLinePattern();

    [GeneratedRegex(@"^\p{L}[\p{L}\p{M} .'’\-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex TownPattern();

    [GeneratedRegex(@"^[\p{L}\p{N}][\p{L}\p{M}\p{N} ,.'’\-&()]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ServiceTextPattern();

    [GeneratedRegex("^[A-Z0-9]{2,12}$", RegexOptions.CultureInvariant)]
    private static partial Regex OrganisationCodePattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9\-/._]{0,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex LocalIdPattern();

    [GeneratedRegex(@"^\+?[\d(][\d ()\-]*\d$", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(" {2,}", RegexOptions.CultureInvariant)]
    private static partial Regex SpaceRun();
}

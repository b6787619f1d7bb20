using System.Globalization;
using ChildIndex.Contracts.V1;

namespace ChildIndex.Cli.Input;

/// <summary>
/// Registration requests from a CSV file: one child a row, columns named by the header, in any
/// order. The CLI turns text into the request and nothing more: whatever the request can carry
/// (an empty family name, a postcode that does not exist) goes to the server, which judges every
/// row by the same rules as any other caller and refuses bad rows one by one. Only what cannot
/// be put into a request at all (an unknown column, "m" for a gender, a date that is not
/// YYYY-MM-DD) makes the file malformed.
/// </summary>
public static class CsvRegistrations
{
    // Declared before Columns, which is built from it when the class initialises.
    private static readonly string[] CarerFields = ["given_names", "family_name", "relationship", "parental_responsibility", "phone", "email"];

    public static readonly IReadOnlyList<string> Columns =
    [
        "request_id", "given_names", "family_name", "gender", "date_of_birth",
        "address_line1", "address_line2", "address_line3", "town", "postcode", "no_fixed_abode",
        "nhs_number", "upn", "local_id_org", "local_id", "other_names",
        .. CarerColumns(1), .. CarerColumns(2),
    ];

    public static readonly IReadOnlyDictionary<string, Gender> Genders = new Dictionary<string, Gender>(StringComparer.OrdinalIgnoreCase)
    {
        ["male"] = Gender.Male,
        ["female"] = Gender.Female,
        ["not-known"] = Gender.NotKnown,
        ["not-specified"] = Gender.NotSpecified,
    };

    public static readonly IReadOnlyDictionary<string, CarerRelationship> Relationships = new Dictionary<string, CarerRelationship>(StringComparer.OrdinalIgnoreCase)
    {
        ["mother"] = CarerRelationship.Mother,
        ["father"] = CarerRelationship.Father,
        ["step-parent"] = CarerRelationship.StepParent,
        ["adoptive-parent"] = CarerRelationship.AdoptiveParent,
        ["grandparent"] = CarerRelationship.Grandparent,
        ["other-relative"] = CarerRelationship.OtherRelative,
        ["foster-carer"] = CarerRelationship.FosterCarer,
        ["special-guardian"] = CarerRelationship.SpecialGuardian,
        ["local-authority"] = CarerRelationship.LocalAuthority,
        ["other"] = CarerRelationship.Other,
    };

    // Past this many problems a file is clearly not in this format: more lines would only hide the first.
    private const int MaxProblems = 20;

    private static readonly HashSet<string> KnownColumns = new(Columns, StringComparer.Ordinal);

    public static IReadOnlyList<RegistrationItem> Parse(string text)
    {
        var records = CsvReader.Parse(text);
        if (records.Count == 0)
        {
            throw new InputFileException("the file is empty: the first row must name the columns; nothing was sent");
        }

        var header = records[0];
        var columns = ReadHeader(header);
        var items = new List<RegistrationItem>(records.Count - 1);
        var problems = new List<string>();
        foreach (var record in records.Skip(1))
        {
            if (record.Fields.Count != columns.Count)
            {
                problems.Add($"row {record.Line}: {record.Fields.Count} fields, but the header names {columns.Count} columns");
            }
            else
            {
                var row = new CsvRow(record.Line, columns, record.Fields, problems);
                items.Add(new RegistrationItem(record.Line, ToRequest(row)));
            }

            if (problems.Count >= MaxProblems)
            {
                break;
            }
        }

        if (problems.Count > 0)
        {
            throw new InputFileException($"the file has {Count(problems.Count)}; nothing was sent", problems);
        }

        return items;
    }

    private static List<string> ReadHeader(CsvRecord header)
    {
        var problems = new List<string>();
        var columns = header.Fields.Select(name => name.Trim().ToLowerInvariant()).ToList();
        foreach (var column in columns.Where(c => !KnownColumns.Contains(c)).Distinct())
        {
            problems.Add($"row {header.Line}: unknown column '{column}'");
        }

        foreach (var column in columns.GroupBy(c => c).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            problems.Add($"row {header.Line}: column '{column}' appears more than once");
        }

        if (problems.Count > 0)
        {
            problems.Add($"the columns are: {string.Join(",", Columns)}");
            throw new InputFileException("the header row is not valid; nothing was sent", problems);
        }

        return columns;
    }

    private static RegisterChildRequest ToRequest(CsvRow row)
    {
        var details = new ChildDetails
        {
            Name = new PersonName { GivenNames = row.Text("given_names"), FamilyName = row.Text("family_name") },
            Gender = row.Choice("gender", Genders, Gender.Unspecified),
        };
        if (row.Date("date_of_birth") is { } dateOfBirth)
        {
            details.DateOfBirth = dateOfBirth;
        }

        details.OtherNames.AddRange(OtherNames(row));
        var lines = new[] { row.Text("address_line1"), row.Text("address_line2"), row.Text("address_line3") }.Where(l => l.Length > 0).ToList();
        var hasAddress = lines.Count > 0 || row.Text("town").Length > 0 || row.Text("postcode").Length > 0;
        if (row.Flag("no_fixed_abode"))
        {
            if (hasAddress)
            {
                row.Problem("no_fixed_abode is true but an address is given: leave the address columns empty");
            }

            details.NoFixedAbode = new NoFixedAbode();
        }
        else if (hasAddress)
        {
            details.Address = new Address { Lines = { lines }, Town = row.Text("town"), Postcode = row.Text("postcode") };
        }

        foreach (var number in new[] { 1, 2 })
        {
            if (Carer(row, number) is { } carer)
            {
                details.Carers.Add(carer);
            }
        }

        var identifiers = new ChildIdentifiers { NhsNumber = row.Text("nhs_number"), Upn = row.Text("upn") };
        if (row.Text("local_id_org").Length > 0 || row.Text("local_id").Length > 0)
        {
            identifiers.LocalIds.Add(new LocalIdentifier { OrganisationCode = row.Text("local_id_org"), Value = row.Text("local_id") });
        }

        return new RegisterChildRequest { RequestId = row.Text("request_id"), Details = details, Identifiers = identifiers };
    }

    /// <summary>
    /// "other_names": entries separated by "|". An entry is "Given Family" (the last word is the
    /// family name) or "Given Names/Family Name" when the family name has spaces; prefixed
    /// "former:" for a former name, or "alias:" (the default) for an alias.
    /// </summary>
    private static IEnumerable<OtherName> OtherNames(CsvRow row)
    {
        foreach (var raw in row.Text("other_names").Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var entry = raw;
            var kind = OtherNameKind.Alias;
            if (entry.StartsWith("former:", StringComparison.OrdinalIgnoreCase))
            {
                kind = OtherNameKind.Former;
                entry = entry["former:".Length..].Trim();
            }
            else if (entry.StartsWith("alias:", StringComparison.OrdinalIgnoreCase))
            {
                entry = entry["alias:".Length..].Trim();
            }

            var split = entry.Contains('/', StringComparison.Ordinal) ? entry.IndexOf('/', StringComparison.Ordinal) : entry.LastIndexOf(' ');
            if (split <= 0 || split == entry.Length - 1)
            {
                row.Problem($"other_names entry '{raw}' needs a given name and a family name: 'Given Family', or 'Given/Family Name' when the family name has spaces");
                continue;
            }

            yield return new OtherName
            {
                Kind = kind,
                Name = new PersonName { GivenNames = entry[..split].Trim(), FamilyName = entry[(split + 1)..].Trim() },
            };
        }
    }

    private static Carer? Carer(CsvRow row, int number)
    {
        var prefix = $"carer{number}_";
        if (CarerColumns(number).All(column => row.Text(column).Length == 0))
        {
            return null;
        }

        return new Carer
        {
            Name = new PersonName { GivenNames = row.Text(prefix + "given_names"), FamilyName = row.Text(prefix + "family_name") },
            Relationship = row.Choice(prefix + "relationship", Relationships, CarerRelationship.Unspecified),
            HasParentalResponsibility = row.Flag(prefix + "parental_responsibility"),
            Phone = row.Text(prefix + "phone"),
            Email = row.Text(prefix + "email"),
        };
    }

    private static IEnumerable<string> CarerColumns(int number) =>
        CarerFields.Select(suffix => $"carer{number}_{suffix}");

    private static string Count(int problems) => problems == 1 ? "1 problem" : $"{problems} problems";

    /// <summary>One data row, read by column name; a value that cannot be converted is recorded as a problem of this row.</summary>
    private sealed class CsvRow(int line, IReadOnlyList<string> columns, IReadOnlyList<string> fields, List<string> problems)
    {
        public string Text(string column)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                if (columns[i] == column)
                {
                    return fields[i].Trim();
                }
            }

            return string.Empty;
        }

        public T Choice<T>(string column, IReadOnlyDictionary<string, T> choices, T empty)
        {
            var value = Text(column);
            if (value.Length == 0)
            {
                return empty;
            }

            if (choices.TryGetValue(value, out var choice))
            {
                return choice;
            }

            Problem($"{column} '{value}' is not one of {string.Join(", ", choices.Keys)}");
            return empty;
        }

        public bool Flag(string column)
        {
            switch (Text(column).ToLowerInvariant())
            {
                case "" or "false" or "no" or "n" or "0":
                    return false;
                case "true" or "yes" or "y" or "1":
                    return true;
                default:
                    Problem($"{column} '{Text(column)}' is not true or false (also accepted: yes/no, y/n, 1/0, empty for false)");
                    return false;
            }
        }

        public Google.Type.Date? Date(string column)
        {
            var value = Text(column);
            if (value.Length == 0)
            {
                return null;
            }

            if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return new Google.Type.Date { Year = date.Year, Month = date.Month, Day = date.Day };
            }

            Problem($"{column} '{value}' is not a date written YYYY-MM-DD");
            return null;
        }

        public void Problem(string message) => problems.Add($"row {line}: {message}");
    }
}

using ChildIndex.Contracts.V1;
using Spectre.Console;
using Spectre.Console.Rendering;
using static ChildIndex.Cli.Output.TableParts;

namespace ChildIndex.Cli.Output;

/// <summary>Search results and child records as tables. Every value is shown as plain text, never as markup.</summary>
public static class ChildTables
{
    public static void WriteSearch(IAnsiConsole console, SearchChildrenResponse response)
    {
        if (response.Children.Count == 0)
        {
            console.WriteLine("no children found");
            return;
        }

        var showOtherName = response.Children.Any(c => c.MatchedOtherName is not null);
        var table = new Table().AddColumns("Score", "Child ID", "Name", "Gender", "Date of birth", "Town", "Postcode", "Status");
        if (showOtherName)
        {
            table.AddColumn("Matched other name");
        }

        table.AddColumn("Why");
        foreach (var child in response.Children)
        {
            var cells = new List<string>
            {
                child.Score.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + Band(child.MatchBand),
                child.ChildId,
                Labels.Name(child.Name),
                Labels.Gender(child.Gender),
                Labels.Date(child.DateOfBirth),
                // A shielded child's whereabouts are hidden from all but the index team.
                child.Shielded && child.Town.Length == 0 && child.Postcode.Length == 0 ? "shielded" : child.NoFixedAbode ? "no fixed abode" : child.Town,
                child.Postcode,
                child.Shielded ? $"{Labels.Status(child.Status)}, shielded" : Labels.Status(child.Status),
            };
            if (showOtherName)
            {
                cells.Add(Labels.Name(child.MatchedOtherName));
            }

            cells.Add(string.Join("; ", child.MatchReasons));
            table.AddRow(Cells(cells));
        }

        console.Write(table);
        console.WriteLine(response.Children.Count == 1 ? "1 child found" : $"{response.Children.Count} children found");
        if (response.MoreResultsAvailable)
        {
            // Results are capped so that nobody can browse the index: narrowing is the only way on.
            console.WriteLine(response.NarrowingAdvice.Length > 0
                ? response.NarrowingAdvice
                : "more children match: add criteria (--given-name, --dob, --postcode) to narrow the search");
        }
    }

    public static void WriteRecord(IAnsiConsole console, ChildRecord record)
    {
        var details = record.Details ?? new ChildDetails();
        if (record.RequestedChildId.Length > 0)
        {
            console.WriteLine($"{record.RequestedChildId} was merged into {record.ChildId}: this is that record. Use {record.ChildId} from now on.");
        }

        if (record.Shielded)
        {
            WriteShieldNotice(console, record);
            if (IsRestricted(record))
            {
                WriteRestricted(console, record, details);
                return;
            }
        }

        console.Write(Pairs(
            ("Child ID", record.ChildId),
            ("Status", Labels.Status(record.Status)),
            ("Name", Labels.Name(details.Name)),
            ("Gender", Labels.Gender(details.Gender)),
            ("Date of birth", Labels.Date(details.DateOfBirth)),
            ("Address", Labels.Residence(details)),
            ("Version", record.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Created", Labels.Time(record.CreatedAt)),
            ("Updated", Labels.Time(record.UpdatedAt))));

        Section(console, "Other names", details.OtherNames.Count, () =>
        {
            var table = new Table().AddColumns("Name", "Kind");
            foreach (var other in details.OtherNames)
            {
                table.AddRow(Cells([Labels.Name(other.Name), Labels.OtherNameKind(other.Kind)]));
            }

            return table;
        });

        Section(console, "Parents and carers", details.Carers.Count, () =>
        {
            var table = new Table().AddColumns("Name", "Relationship", "Parental responsibility", "Phone", "Email", "Address");
            foreach (var carer in details.Carers)
            {
                table.AddRow(Cells(
                [
                    Labels.Name(carer.Name),
                    Labels.Relationship(carer.Relationship),
                    Labels.YesNo(carer.HasParentalResponsibility),
                    carer.Phone,
                    carer.Email,
                    carer.Address is null ? string.Empty : Labels.Address(carer.Address),
                ]));
            }

            return table;
        });

        var identifiers = record.Identifiers ?? new ChildIdentifiers();
        var identifierRows = new List<(string, string)>();
        if (identifiers.NhsNumber.Length > 0)
        {
            identifierRows.Add(("NHS number", identifiers.NhsNumber));
        }

        if (identifiers.Upn.Length > 0)
        {
            identifierRows.Add(("UPN", identifiers.Upn));
        }

        identifierRows.AddRange(identifiers.LocalIds.Select(local => ($"Local id ({local.OrganisationCode})", local.Value)));
        Section(console, "Identifiers", identifierRows.Count, () => Pairs([.. identifierRows]));

        Section(console, "Services involved", record.Involvements.Count, () =>
        {
            var table = new Table().AddColumns(
                "Service", "Organisation", "Practitioner", "Role", "Phone", "Email", "Start", "End", "Lead professional", "CAF completed");
            foreach (var involvement in record.Involvements)
            {
                var organisation = involvement.ContactViaIndexTeam
                    ? "through the index team (below)"
                    : involvement.Organisation is null
                        ? string.Empty
                        : $"{involvement.Organisation.Name} ({involvement.Organisation.Code})";
                table.AddRow(Cells(
                [
                    Labels.Service(involvement.ServiceType),
                    organisation,
                    involvement.PractitionerName,
                    involvement.Role,
                    involvement.Phone,
                    involvement.Email,
                    Labels.Date(involvement.StartDate),
                    Labels.Date(involvement.EndDate),
                    Labels.YesNo(involvement.LeadProfessional),
                    Labels.YesNo(involvement.CafCompleted),
                ]));
            }

            return table;
        });

        if (record.Involvements.Any(i => i.ContactViaIndexTeam))
        {
            // A sensitive service: which one, and how to reach it, only the index team may say.
            console.WriteLine($"sensitive service: contact through the index team: {IndexTeam(record.IndexTeamContact)}");
        }
    }

    /// <summary>The index team's name, phone and email, as one line.</summary>
    public static string IndexTeam(IndexTeamContact? contact) =>
        contact is null ? "the local authority's index team" : string.Join(", ", new[] { contact.Name, contact.Phone, contact.Email }.Where(part => part.Length > 0));

    // The restricted view of a shielded record is built from the visible fields alone and has no
    // identifiers message at all; the full view (index team, break-glass) always has one.
    private static bool IsRestricted(ChildRecord record) => record.Shielded && record.Identifiers is null;

    private static void WriteShieldNotice(IAnsiConsole console, ChildRecord record)
    {
        var notice = record.BreakGlassUntil is not null
            ? $"SHIELDED RECORD, opened by break-glass until {Labels.Time(record.BreakGlassUntil)}: this access is recorded and will be reviewed by the index team"
            : IsRestricted(record)
                ? "SHIELDED RECORD: only the child's name, gender, date of birth and carers' names are shown"
                : "SHIELDED RECORD: shown in full to the index team only";
        console.Write(new Text(notice, new Style(decoration: Decoration.Bold)));
        console.WriteLine();
        console.WriteLine($"contact through the index team: {IndexTeam(record.IndexTeamContact)}");
        console.WriteLine();
    }

    private static void WriteRestricted(IAnsiConsole console, ChildRecord record, ChildDetails details)
    {
        console.Write(Pairs(
            ("Child ID", record.ChildId),
            ("Name", Labels.Name(details.Name)),
            ("Gender", Labels.Gender(details.Gender)),
            ("Date of birth", Labels.Date(details.DateOfBirth))));
        Section(console, "Parents and carers (names only)", details.Carers.Count, () =>
        {
            var table = new Table().AddColumns("Name");
            foreach (var carer in details.Carers)
            {
                table.AddRow(Cells([Labels.Name(carer.Name)]));
            }

            return table;
        });
    }

    private static void Section(IAnsiConsole console, string title, int count, Func<IRenderable> body)
    {
        console.WriteLine();
        if (count == 0)
        {
            console.Write(new Text($"{title}: none", new Style(decoration: Decoration.Bold)));
            console.WriteLine();
            return;
        }

        console.Write(new Text(title, new Style(decoration: Decoration.Bold)));
        console.WriteLine();
        console.Write(body());
    }

    /// <summary>The band beside the score: "0.42 possible" tells a practitioner to check the details.</summary>
    private static string Band(MatchBand band) => band switch
    {
        MatchBand.Strong => " strong",
        MatchBand.Possible => " possible",
        _ => string.Empty,
    };
}

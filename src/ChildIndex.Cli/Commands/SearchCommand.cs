using System.CommandLine;
using System.Globalization;
using ChildIndex.Cli.Output;
using ChildIndex.Contracts.V1;

namespace ChildIndex.Cli.Commands;

/// <summary>`childindex search`: one identifier, or a family name with a date of birth, a postcode
/// (or district), or a given name and a year of birth.</summary>
public static class SearchCommand
{
    public static Command Create(CommandHost host)
    {
        var childId = new Option<string>("--child-id") { Description = "The index identifier, XXXX-XXXX-C", HelpName = "ID" };
        var nhs = new Option<string>("--nhs") { Description = "NHS number (10 digits)", HelpName = "NUMBER" };
        var upn = new Option<string>("--upn") { Description = "Unique Pupil Number (13 characters)", HelpName = "UPN" };
        var familyName = new Option<string>("--family-name") { Description = "Family name, with --dob, --postcode, or --given-name and --birth-year", HelpName = "NAME" };
        var givenName = new Option<string>("--given-name") { Description = "A given name (a nickname or another spelling finds the child too)", HelpName = "NAME" };
        var dateOfBirth = new Option<string>("--dob") { Description = "Date of birth, YYYY-MM-DD (name search)", HelpName = "YYYY-MM-DD" };
        var birthYear = new Option<string>("--birth-year") { Description = "Year of birth when the date is not known (with --given-name)", HelpName = "YYYY" };
        var postcode = new Option<string>("--postcode") { Description = "Postcode (LS6 2AB) or postcode district (LS6) (name search)", HelpName = "PC" };
        var includeArchived = new Option<bool>("--include-archived") { Description = "Index team: archived records too (over a year archived: serious-enquiry purposes only)" };

        var command = new Command("search", "Find children by one identifier, or by family name with a date of birth, a postcode, or a given name and year of birth")
        {
            childId, nhs, upn, familyName, givenName, dateOfBirth, birthYear, postcode, includeArchived,
        };
        var purpose = new PurposeOptions();
        purpose.AddTo(command);
        host.SetAction(command, async (parsed, context, cancellationToken) =>
        {
            var request = Request(
                parsed.GetValue(childId),
                parsed.GetValue(nhs),
                parsed.GetValue(upn),
                parsed.GetValue(familyName),
                parsed.GetValue(givenName),
                parsed.GetValue(dateOfBirth),
                parsed.GetValue(postcode),
                parsed.GetValue(birthYear));
            request.Purpose = purpose.Read(parsed);
            request.IncludeArchived = parsed.GetValue(includeArchived);
            var response = await context.Connection.Directory.SearchChildrenAsync(request, await context.CallOptionsAsync(cancellationToken));
            if (context.Json)
            {
                await ProtoJson.WriteAsync(context.Output, response);
            }
            else
            {
                ChildTables.WriteSearch(context.Console, response);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// The request for the options given. The shape of the criteria is checked here, so that a
    /// mistyped command line is a usage error (exit 2); what the values mean (a check digit, a
    /// real postcode) is the server's to judge.
    /// </summary>
    public static SearchChildrenRequest Request(
        string? childId, string? nhs, string? upn, string? familyName, string? givenName, string? dateOfBirth, string? postcode, string? birthYear = null)
    {
        var given = new[] { childId, nhs, upn, familyName }.Count(v => !string.IsNullOrWhiteSpace(v));
        if (given != 1)
        {
            throw new UsageException("give exactly one of --child-id, --nhs, --upn or --family-name (with --dob, --postcode, or --given-name and --birth-year)");
        }

        var nameOnly = new[] { givenName, dateOfBirth, postcode, birthYear }.Any(v => !string.IsNullOrWhiteSpace(v));
        if (string.IsNullOrWhiteSpace(familyName))
        {
            if (nameOnly)
            {
                throw new UsageException("--given-name, --dob, --birth-year and --postcode narrow a --family-name search");
            }

            return !string.IsNullOrWhiteSpace(childId) ? new SearchChildrenRequest { ChildId = childId.Trim() }
                : !string.IsNullOrWhiteSpace(nhs) ? new SearchChildrenRequest { NhsNumber = nhs.Trim() }
                : new SearchChildrenRequest { Upn = upn!.Trim() };
        }

        var hasYear = !string.IsNullOrWhiteSpace(birthYear);
        if (string.IsNullOrWhiteSpace(dateOfBirth) && string.IsNullOrWhiteSpace(postcode) && !(hasYear && !string.IsNullOrWhiteSpace(givenName)))
        {
            throw new UsageException("--family-name needs --dob, --postcode, or --given-name with --birth-year");
        }

        var name = new NameSearch { FamilyName = familyName.Trim(), GivenName = givenName?.Trim() ?? string.Empty, Postcode = postcode?.Trim() ?? string.Empty };
        if (hasYear)
        {
            if (!int.TryParse(birthYear!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var year) || birthYear.Trim().Length != 4)
            {
                throw new UsageException($"--birth-year '{birthYear}' is not a year written YYYY");
            }

            name.BirthYear = year;
        }

        if (!string.IsNullOrWhiteSpace(dateOfBirth))
        {
            if (!DateOnly.TryParseExact(dateOfBirth.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw new UsageException($"--dob '{dateOfBirth}' is not a date written YYYY-MM-DD");
            }

            name.DateOfBirth = new Google.Type.Date { Year = date.Year, Month = date.Month, Day = date.Day };
        }

        return new SearchChildrenRequest { Name = name };
    }
}

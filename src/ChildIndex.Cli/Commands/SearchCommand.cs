using System.CommandLine;
using System.Globalization;
using ChildIndex.Cli.Output;
using ChildIndex.Contracts.V1;

namespace ChildIndex.Cli.Commands;

/// <summary>`childindex search`: one identifier, or a family name with a date of birth and/or a postcode.</summary>
public static class SearchCommand
{
    public static Command Create(CommandHost host)
    {
        var childId = new Option<string>("--child-id") { Description = "The index identifier, XXXX-XXXX-C", HelpName = "ID" };
        var nhs = new Option<string>("--nhs") { Description = "NHS number (10 digits)", HelpName = "NUMBER" };
        var upn = new Option<string>("--upn") { Description = "Unique Pupil Number (13 characters)", HelpName = "UPN" };
        var familyName = new Option<string>("--family-name") { Description = "Family name, with --dob and/or --postcode", HelpName = "NAME" };
        var givenName = new Option<string>("--given-name") { Description = "A given name, to narrow a name search", HelpName = "NAME" };
        var dateOfBirth = new Option<string>("--dob") { Description = "Date of birth, YYYY-MM-DD (name search)", HelpName = "YYYY-MM-DD" };
        var postcode = new Option<string>("--postcode") { Description = "Full postcode (name search)", HelpName = "PC" };

        var command = new Command("search", "Find children by one identifier, or by family name with a date of birth and/or a postcode")
        {
            childId, nhs, upn, familyName, givenName, dateOfBirth, postcode,
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
                parsed.GetValue(postcode));
            request.Purpose = purpose.Read(parsed);
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
        string? childId, string? nhs, string? upn, string? familyName, string? givenName, string? dateOfBirth, string? postcode)
    {
        var given = new[] { childId, nhs, upn, familyName }.Count(v => !string.IsNullOrWhiteSpace(v));
        if (given != 1)
        {
            throw new UsageException("give exactly one of --child-id, --nhs, --upn or --family-name (with --dob and/or --postcode)");
        }

        var nameOnly = new[] { givenName, dateOfBirth, postcode }.Any(v => !string.IsNullOrWhiteSpace(v));
        if (string.IsNullOrWhiteSpace(familyName))
        {
            if (nameOnly)
            {
                throw new UsageException("--given-name, --dob and --postcode narrow a --family-name search");
            }

            return !string.IsNullOrWhiteSpace(childId) ? new SearchChildrenRequest { ChildId = childId.Trim() }
                : !string.IsNullOrWhiteSpace(nhs) ? new SearchChildrenRequest { NhsNumber = nhs.Trim() }
                : new SearchChildrenRequest { Upn = upn!.Trim() };
        }

        if (string.IsNullOrWhiteSpace(dateOfBirth) && string.IsNullOrWhiteSpace(postcode))
        {
            throw new UsageException("--family-name needs --dob or --postcode (or both)");
        }

        var name = new NameSearch { FamilyName = familyName.Trim(), GivenName = givenName?.Trim() ?? string.Empty, Postcode = postcode?.Trim() ?? string.Empty };
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

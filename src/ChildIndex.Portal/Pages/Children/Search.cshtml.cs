using System.Security.Claims;
using ChildIndex.Contracts.V1;
using ChildIndex.Portal.Services;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc;

namespace ChildIndex.Portal.Pages.Children;

/// <summary>
/// Find a child: by one identifier, or by family name with a date of birth, a postcode, or a given
/// name and birth year, always with a purpose. The search is POSTed and its results are the POST's
/// own response, so no name or date of birth is ever in a URL and results cannot be bookmarked.
/// </summary>
public sealed class SearchModel(DirectoryApi directory, ChildHandles handles) : PortalPageModel
{
    /// <summary>The directory's field paths and the form fields (ids) they belong to.</summary>
    private static readonly Dictionary<string, (string Id, string Label)> Fields = new()
    {
        ["purpose"] = ("purpose", "Reason for looking:"),
        ["child_id"] = ("child-id", "ChildIndex ID"),
        ["nhs_number"] = ("nhs-number", "NHS number"),
        ["upn"] = ("upn", "Unique Pupil Number"),
        ["criteria"] = ("family-name", "Search:"),
        ["name.family_name"] = ("family-name", "Family name"),
        ["name.given_name"] = ("given-name", "Given name"),
        ["name.date_of_birth"] = ("dob-day", "Date of birth"),
        ["name.postcode"] = ("postcode", "Postcode"),
        ["name.birth_year"] = ("birth-year", "Year of birth"),
    };

    [BindProperty] public string? Purpose { get; set; }
    [BindProperty] public string? Justification { get; set; }
    [BindProperty] public string? ChildId { get; set; }
    [BindProperty] public string? NhsNumber { get; set; }
    [BindProperty] public string? Upn { get; set; }
    [BindProperty] public string? FamilyName { get; set; }
    [BindProperty] public string? GivenName { get; set; }
    [BindProperty] public string? DobDay { get; set; }
    [BindProperty] public string? DobMonth { get; set; }
    [BindProperty] public string? DobYear { get; set; }
    [BindProperty] public string? Postcode { get; set; }
    [BindProperty] public string? BirthYear { get; set; }

    public IReadOnlyList<(ChildSummary Child, string Handle)>? Results { get; private set; }

    public SearchChildrenResponse? Found { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var request = Read();
        if (Errors.Count > 0 || request is null)
        {
            return Page();
        }

        try
        {
            Found = await directory.Children.SearchChildrenAsync(request, await directory.CallAsync());
        }
        catch (RpcException e) when (e.StatusCode is Grpc.Core.StatusCode.InvalidArgument or Grpc.Core.StatusCode.ResourceExhausted)
        {
            AddViolations(e, Fields, "family-name");
            return Page();
        }

        var subject = User.FindFirstValue("sub")!;
        Results = [.. Found.Children.Select(c => (c, handles.Create(c.ChildId, request.Purpose.Code, subject)))];
        return Page();
    }

    /// <summary>What can be told before asking the directory: a purpose, which kind of search,
    /// and dates and years that are numbers. The directory checks the rest.</summary>
    private SearchChildrenRequest? Read()
    {
        var purpose = Display.ParsePurpose(Purpose);
        if (purpose is null)
        {
            AddError("purpose", "Select why you are looking for this child");
        }

        var request = new SearchChildrenRequest
        {
            Purpose = new AccessPurpose { Code = purpose ?? AccessPurposeCode.Unspecified, Justification = Justification?.Trim() ?? string.Empty },
        };
        var identifiers = new[] { ChildId, NhsNumber, Upn }.Count(v => !string.IsNullOrWhiteSpace(v));
        var byName = new[] { FamilyName, GivenName, DobDay, DobMonth, DobYear, Postcode, BirthYear }.Any(v => !string.IsNullOrWhiteSpace(v));
        if (identifiers > 1 || (identifiers == 1 && byName))
        {
            AddError("child-id", "Search by one identifier, or by name, not both");
            return null;
        }

        if (!string.IsNullOrWhiteSpace(ChildId))
        {
            request.ChildId = ChildId.Trim();
        }
        else if (!string.IsNullOrWhiteSpace(NhsNumber))
        {
            request.NhsNumber = NhsNumber.Trim();
        }
        else if (!string.IsNullOrWhiteSpace(Upn))
        {
            request.Upn = Upn.Trim();
        }
        else if (!byName)
        {
            AddError("family-name", "Enter an identifier, or a family name with a date of birth, a postcode or a given name and year of birth");
        }
        else
        {
            request.Name = ReadName();
        }

        return Errors.Count == 0 ? request : null;
    }

    private NameSearch ReadName()
    {
        var name = new NameSearch
        {
            FamilyName = FamilyName?.Trim() ?? string.Empty,
            GivenName = GivenName?.Trim() ?? string.Empty,
            Postcode = Postcode?.Trim() ?? string.Empty,
        };
        if (string.IsNullOrWhiteSpace(FamilyName))
        {
            AddError("family-name", "Enter the child's family name");
        }

        var dateParts = new[] { DobDay, DobMonth, DobYear };
        if (dateParts.Any(p => !string.IsNullOrWhiteSpace(p)))
        {
            if (int.TryParse(DobDay, out var day) && int.TryParse(DobMonth, out var month) && int.TryParse(DobYear, out var year)
                && DateOnly.TryParseExact($"{year:D4}-{month:D2}-{day:D2}", "yyyy-MM-dd", out _) && year > 1900)
            {
                name.DateOfBirth = new Google.Type.Date { Year = year, Month = month, Day = day };
            }
            else
            {
                AddError("dob-day", "Date of birth must be a real date, like 14 3 2017");
            }
        }

        if (!string.IsNullOrWhiteSpace(BirthYear))
        {
            if (int.TryParse(BirthYear, out var year) && year > 1900)
            {
                name.BirthYear = year;
            }
            else
            {
                AddError("birth-year", "Year of birth must be 4 numbers, like 2012");
            }
        }

        return name;
    }
}

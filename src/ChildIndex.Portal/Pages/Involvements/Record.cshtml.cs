using System.Security.Claims;
using ChildIndex.Contracts.V1;
using ChildIndex.Portal.Hosting;
using ChildIndex.Portal.Services;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc;

namespace ChildIndex.Portal.Pages.Involvements;

/// <summary>An editor records their own organisation's involvement with a child. The request id
/// is made when the form is shown, so a double submission records it once.</summary>
public sealed class RecordModel(DirectoryApi directory, ChildHandles handles, TimeProvider time) : PortalPageModel
{
    private static readonly Dictionary<string, (string Id, string Label)> Fields = new()
    {
        ["involvement.service_type"] = ("service-type", "Service:"),
        ["involvement.practitioner_name"] = ("practitioner-name", "Practitioner or team"),
        ["involvement.role"] = ("role", "Role"),
        ["involvement.phone"] = ("phone", "Phone:"),
        ["involvement.email"] = ("email", "Email"),
        ["involvement.start_date"] = ("start-day", "Start date"),
        ["involvement.legal_basis"] = ("legal-basis", "Legal basis:"),
        ["involvement.lead_professional"] = ("lead-professional", "Lead professional:"),
        ["involvement"] = ("service-type", "Involvement:"),
    };

    public static readonly ServiceType[] ServiceTypes =
    [
        ServiceType.EducationSetting, ServiceType.GpPractice, ServiceType.HealthVisitor, ServiceType.SchoolNurse,
        ServiceType.SocialCare, ServiceType.YouthOffending, ServiceType.Camhs, ServiceType.EarlyHelp, ServiceType.Other,
        ServiceType.SexualHealth, ServiceType.MentalHealth, ServiceType.SubstanceMisuse,
    ];

    public string Handle { get; private set; } = string.Empty;

    [BindProperty] public string? RequestId { get; set; }
    [BindProperty] public string? Service { get; set; }
    [BindProperty] public string? PractitionerName { get; set; }
    [BindProperty] public string? Role { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? StartDay { get; set; }
    [BindProperty] public string? StartMonth { get; set; }
    [BindProperty] public string? StartYear { get; set; }
    [BindProperty] public bool LeadProfessional { get; set; }
    [BindProperty] public bool CafCompleted { get; set; }
    [BindProperty] public string? LegalBasis { get; set; }

    public IActionResult OnGet(string handle)
    {
        if (Find(handle) is null)
        {
            return NotFound();
        }

        RequestId = Guid.NewGuid().ToString();
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        (StartDay, StartMonth, StartYear) = ($"{today.Day}", $"{today.Month}", $"{today.Year}");
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string handle)
    {
        if (Find(handle) is not { } opened)
        {
            return NotFound();
        }

        var involvement = Read();
        if (Errors.Count > 0)
        {
            return Page();
        }

        try
        {
            await directory.Registration.RecordInvolvementAsync(new RecordInvolvementRequest
            {
                ChildId = opened.ChildId,
                RequestId = Guid.TryParse(RequestId, out var id) ? id.ToString() : Guid.NewGuid().ToString(),
                Involvement = involvement,
            }, await directory.CallAsync());
        }
        catch (RpcException e) when (e.StatusCode is Grpc.Core.StatusCode.InvalidArgument or Grpc.Core.StatusCode.FailedPrecondition or Grpc.Core.StatusCode.Aborted)
        {
            AddViolations(e, Fields, "service-type");
            return Page();
        }

        return Redirect($"/children/{handle}");
    }

    private Involvement Read()
    {
        var involvement = new Involvement
        {
            Organisation = new Organisation
            {
                Code = User.FindFirstValue(PortalSignIn.OrganisationCodeClaim) ?? string.Empty,
                Name = User.FindFirstValue(PortalSignIn.OrganisationNameClaim) ?? string.Empty,
            },
            PractitionerName = PractitionerName?.Trim() ?? string.Empty,
            Role = Role?.Trim() ?? string.Empty,
            Phone = Phone?.Trim() ?? string.Empty,
            Email = Email?.Trim() ?? string.Empty,
            LeadProfessional = LeadProfessional,
            CafCompleted = CafCompleted,
        };
        if (Enum.TryParse<ServiceType>(Service, out var type) && ServiceTypes.Contains(type))
        {
            involvement.ServiceType = type;
        }
        else
        {
            AddError("service-type", "Select the service");
        }

        if (DateInput.Read(StartDay, StartMonth, StartYear) is { } start)
        {
            involvement.StartDate = start;
        }
        else
        {
            AddError("start-day", "Start date must be a real date, like 27 3 2026");
        }

        if (type is ServiceType.SexualHealth or ServiceType.MentalHealth or ServiceType.SubstanceMisuse)
        {
            if (Enum.TryParse<LegalBasis>(LegalBasis, out var basis) && basis != Contracts.V1.LegalBasis.Unspecified)
            {
                involvement.LegalBasis = basis;
            }
            else
            {
                AddError("legal-basis", "Select the legal basis for recording a sensitive service");
            }
        }

        return involvement;
    }

    private OpenedChild? Find(string handle)
    {
        Handle = handle;
        return handles.Find(handle, User.FindFirstValue("sub") ?? string.Empty);
    }
}

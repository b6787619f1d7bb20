using ChildIndex.Contracts.V1;
using ChildIndex.Portal.Hosting;
using ChildIndex.Portal.Services;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc;

namespace ChildIndex.Portal.Pages.IdentityAdmin;

/// <summary>
/// Enrols a user: the questions, then check your answers, then the one-time password and TOTP key.
/// The answers travel between the steps in the form itself (hidden fields), so nothing about the
/// person waits in the portal's memory or in a URL.
/// </summary>
public sealed class EnrolModel(IdentityAdminApi identity) : PortalPageModel
{
    public enum EnrolStep
    {
        Questions,
        Check,
        Enrolled,
    }

    /// <summary>The roles a person may hold (agency-system is for clients), as the API names them.</summary>
    public static readonly (string Value, string Label, string Hint)[] RoleChoices =
    [
        (PortalRoles.Practitioner, "Practitioner", "Finds children and sees who else is involved"),
        (PortalRoles.PractitionerEditor, "Practitioner who records involvements", "Also records and ends their organisation's involvement"),
        (PortalRoles.SafeguardingLead, "Safeguarding lead", "Also opens shielded records with break-glass"),
        (PortalRoles.IndexAdmin, "Index team", "Shields records and reviews break-glass access"),
        (PortalRoles.SecurityOfficer, "Security officer", "Reads and verifies the audit trail"),
        (PortalRoles.IdentityAdmin, "Identity administrator", "Enrols and suspends users, manages agency clients"),
    ];

    private static readonly Dictionary<string, (string Id, string Label)> Fields = new(VettingInput.Fields)
    {
        ["username"] = ("username", "Username"),
        ["display_name"] = ("display-name", "Full name"),
        ["organisation_code"] = ("organisation-code", "Organisation code"),
        ["organisation_name"] = ("organisation-name", "Organisation name"),
        ["roles"] = ("roles", "Roles:"),
    };

    [BindProperty] public string? Username { get; set; }
    [BindProperty] public string? DisplayName { get; set; }
    [BindProperty] public string? OrganisationCode { get; set; }
    [BindProperty] public string? OrganisationName { get; set; }
    [BindProperty] public List<string> Roles { get; set; } = [];
    [BindProperty] public VettingInput Vetting { get; set; } = new();

    public EnrolStep Shown { get; private set; } = EnrolStep.Questions;

    public UserAccount? Enrolled { get; private set; }

    public IReadOnlyList<(string Id, string Label, string Value)> Secrets { get; private set; } = [];

    public void OnGet()
    {
    }

    /// <summary>The questions answered: check them, then show them back.</summary>
    public IActionResult OnPost()
    {
        Shown = Validate() is null ? EnrolStep.Questions : EnrolStep.Check;
        return Page();
    }

    /// <summary>"Change" on the check page: the questions again, with the answers given.</summary>
    public IActionResult OnPostChange() => Page();

    public async Task<IActionResult> OnPostConfirmAsync()
    {
        if (Validate() is not { } request)
        {
            return Page();
        }

        try
        {
            var enrolled = await identity.Admin.EnrolUserAsync(request, await identity.CallAsync());
            Enrolled = enrolled.User;
            Secrets = [("initial-password", "One-time password", enrolled.InitialPassword), ("totp-secret", "Authenticator app key", enrolled.TotpSecret)];
            Shown = EnrolStep.Enrolled;
        }
        catch (RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.InvalidArgument)
        {
            AddViolations(e, Fields, "username");
        }
        catch (RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.AlreadyExists)
        {
            AddError("username", $"The username {Username?.Trim().ToLowerInvariant()} is already taken: choose another");
        }

        return Page();
    }

    public string RoleLabel(string role) => RoleChoices.Where(r => r.Value == role).Select(r => r.Label).FirstOrDefault() ?? role;

    /// <summary>What the portal can check before asking the identity server (which checks it all
    /// again, with its own rules for names and codes).</summary>
    private EnrolUserRequest? Validate()
    {
        if (string.IsNullOrWhiteSpace(Username))
        {
            AddError("username", "Enter a username");
        }

        if (string.IsNullOrWhiteSpace(DisplayName))
        {
            AddError("display-name", "Enter the user's full name");
        }

        if (string.IsNullOrWhiteSpace(OrganisationCode))
        {
            AddError("organisation-code", "Enter the organisation's code");
        }

        if (string.IsNullOrWhiteSpace(OrganisationName))
        {
            AddError("organisation-name", "Enter the organisation's name");
        }

        Roles = [.. Roles.Where(r => RoleChoices.Any(c => c.Value == r)).Distinct()];
        if (Roles.Count == 0)
        {
            AddError("roles", "Select at least one role");
        }

        var vetting = Vetting.IsEmpty ? null : Vetting.Read(this);
        if (Errors.Count > 0)
        {
            return null;
        }

        var request = new EnrolUserRequest
        {
            Username = Username!.Trim().ToLowerInvariant(),
            DisplayName = DisplayName!.Trim(),
            OrganisationCode = OrganisationCode!.Trim().ToUpperInvariant(),
            OrganisationName = OrganisationName!.Trim(),
            Vetting = vetting,
        };
        request.Roles.AddRange(Roles);
        return request;
    }
}

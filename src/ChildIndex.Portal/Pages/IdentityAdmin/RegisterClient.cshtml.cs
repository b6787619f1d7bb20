using ChildIndex.Contracts.V1;
using ChildIndex.Portal.Services;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc;

namespace ChildIndex.Portal.Pages.IdentityAdmin;

/// <summary>Registers an agency system's client; its secret is shown once, in the answer.</summary>
public sealed class RegisterClientModel(IdentityAdminApi identity) : PortalPageModel
{
    private static readonly Dictionary<string, (string Id, string Label)> Fields = new()
    {
        ["client_id"] = ("client-id", "Client ID"),
        ["display_name"] = ("display-name", "System name"),
        ["organisation_code"] = ("organisation-code", "Organisation code"),
        ["organisation_name"] = ("organisation-name", "Organisation name"),
    };

    [BindProperty] public string? ClientId { get; set; }
    [BindProperty] public string? DisplayName { get; set; }
    [BindProperty] public string? OrganisationCode { get; set; }
    [BindProperty] public string? OrganisationName { get; set; }

    public AgencyClient? Registered { get; private set; }

    public IReadOnlyList<(string Id, string Label, string Value)> Secrets { get; private set; } = [];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        foreach (var (value, id, message) in new[]
        {
            (ClientId, "client-id", "Enter a client ID"),
            (DisplayName, "display-name", "Enter the system's name"),
            (OrganisationCode, "organisation-code", "Enter the organisation's code"),
            (OrganisationName, "organisation-name", "Enter the organisation's name"),
        })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                AddError(id, message);
            }
        }

        if (Errors.Count > 0)
        {
            return Page();
        }

        try
        {
            var registered = await identity.Admin.RegisterAgencyClientAsync(new RegisterAgencyClientRequest
            {
                ClientId = ClientId!.Trim().ToLowerInvariant(),
                DisplayName = DisplayName!.Trim(),
                OrganisationCode = OrganisationCode!.Trim(),
                OrganisationName = OrganisationName!.Trim(),
            }, await identity.CallAsync());
            Registered = registered.Client;
            Secrets = [("client-id-value", "Client ID", registered.Client.ClientId), ("client-secret", "Client secret", registered.ClientSecret)];
        }
        catch (RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.InvalidArgument)
        {
            AddViolations(e, Fields, "client-id");
        }
        catch (RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.AlreadyExists)
        {
            AddError("client-id", $"The client ID {ClientId!.Trim().ToLowerInvariant()} is already registered: choose another");
        }

        return Page();
    }
}

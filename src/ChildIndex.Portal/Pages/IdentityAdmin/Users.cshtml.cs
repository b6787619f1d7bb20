using ChildIndex.Contracts.V1;
using ChildIndex.Portal.Services;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc;

namespace ChildIndex.Portal.Pages.IdentityAdmin;

/// <summary>The users, all or one organisation's, and finding one by username.</summary>
public sealed class UsersModel(IdentityAdminApi identity) : PortalPageModel
{
    [BindProperty(SupportsGet = true)] public string? Organisation { get; set; }
    [BindProperty(SupportsGet = true)] public string? Username { get; set; }

    public IReadOnlyList<UserAccount> Users { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (Username is not null)
        {
            var username = Username.Trim().ToLowerInvariant();
            if (username.Length == 0)
            {
                AddError("username", "Enter a username");
            }
            else
            {
                try
                {
                    var user = await identity.Admin.GetUserAsync(new GetUserRequest { Username = username }, await identity.CallAsync());
                    return Redirect($"/identity-admin/users/{Uri.EscapeDataString(user.Username)}");
                }
                catch (RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.NotFound)
                {
                    AddError("username", $"There is no user with the username {username}");
                }
            }
        }

        Users = (await identity.Admin.ListUsersAsync(new ListUsersRequest { OrganisationCode = Organisation?.Trim() ?? string.Empty }, await identity.CallAsync())).Users;
        return Page();
    }
}

using System.Security.Claims;
using ChildIndex.Contracts.V1;
using ChildIndex.Portal.Services;
using Microsoft.AspNetCore.Mvc;

namespace ChildIndex.Portal.Pages.Children;

/// <summary>A page about one child opened from a search: the record as the directory returns it
/// to this person (shielded and sensitive parts already hidden), read afresh, and audited, each
/// time.</summary>
public abstract class ChildPageModel(DirectoryApi directory, ChildHandles handles) : PortalPageModel
{
    public string Handle { get; private set; } = string.Empty;

    public OpenedChild Opened { get; private set; } = null!;

    public ChildRecord Record { get; private set; } = null!;

    public string OrganisationCode => User.FindFirstValue(Hosting.PortalSignIn.OrganisationCodeClaim) ?? string.Empty;

    /// <summary>Null when the child was loaded; otherwise the result to return (an unknown or
    /// someone else's handle: not found).</summary>
    protected async Task<IActionResult?> LoadAsync(string handle)
    {
        if (handles.Find(handle, User.FindFirstValue("sub") ?? string.Empty) is not { } opened)
        {
            return NotFound();
        }

        Handle = handle;
        Opened = opened;
        Record = await directory.Children.GetChildAsync(
            new GetChildRequest { ChildId = opened.ChildId, Purpose = new AccessPurpose { Code = opened.Purpose } },
            await directory.CallAsync());
        return null;
    }
}

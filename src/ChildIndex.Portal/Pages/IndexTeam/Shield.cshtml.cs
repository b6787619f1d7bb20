using System.Security.Claims;
using ChildIndex.Contracts.V1;
using ChildIndex.Portal.Services;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc;

namespace ChildIndex.Portal.Pages.IndexTeam;

/// <summary>The index team shields a child's record (with a reason) or lifts the shield (with a
/// justification). Which one is offered follows the record as the directory returns it.</summary>
public sealed class ShieldModel(DirectoryApi directory, ChildHandles handles) : PortalPageModel
{
    private static readonly Dictionary<string, (string Id, string Label)> Fields = new()
    {
        ["reason"] = ("reason", "Reason:"),
        ["justification"] = ("justification", "Justification:"),
    };

    public string Handle { get; private set; } = string.Empty;

    public bool Shielded { get; private set; }

    public string ChildName { get; private set; } = string.Empty;

    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? Justification { get; set; }

    public async Task<IActionResult> OnGetAsync(string handle) => await LoadAsync(handle) is null ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync(string handle)
    {
        if (await LoadAsync(handle) is not { } opened)
        {
            return NotFound();
        }

        try
        {
            if (Shielded)
            {
                if (string.IsNullOrWhiteSpace(Justification))
                {
                    AddError("justification", "Enter why the shield can be lifted");
                    return Page();
                }

                await directory.Index.UnshieldChildAsync(new UnshieldChildRequest { ChildId = opened.ChildId, Justification = Justification.Trim() }, await directory.CallAsync());
            }
            else
            {
                if (!Enum.TryParse<ShieldReason>(Reason, out var reason) || reason == ShieldReason.Unspecified)
                {
                    AddError("reason", "Select why the record must be shielded");
                    return Page();
                }

                await directory.Index.ShieldChildAsync(
                    new ShieldChildRequest { ChildId = opened.ChildId, Reason = reason, Justification = Justification?.Trim() ?? string.Empty },
                    await directory.CallAsync());
            }
        }
        catch (RpcException e) when (e.StatusCode is Grpc.Core.StatusCode.InvalidArgument or Grpc.Core.StatusCode.FailedPrecondition)
        {
            AddViolations(e, Fields, Shielded ? "justification" : "reason");
            return Page();
        }

        return Redirect($"/children/{handle}");
    }

    private async Task<OpenedChild?> LoadAsync(string handle)
    {
        Handle = handle;
        if (handles.Find(handle, User.FindFirstValue("sub") ?? string.Empty) is not { } opened)
        {
            return null;
        }

        var record = await directory.Children.GetChildAsync(
            new GetChildRequest { ChildId = opened.ChildId, Purpose = new AccessPurpose { Code = opened.Purpose } }, await directory.CallAsync());
        Shielded = record.Shielded;
        ChildName = Display.Name(record.Details.Name);
        return opened;
    }
}

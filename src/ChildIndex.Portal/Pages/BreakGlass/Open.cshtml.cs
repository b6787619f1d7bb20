using System.Security.Claims;
using ChildIndex.Contracts.V1;
using ChildIndex.Portal.Services;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc;

namespace ChildIndex.Portal.Pages.BreakGlass;

/// <summary>A safeguarding lead opens one shielded record in full, for themselves, for 15 minutes,
/// saying why: the directory grants it, marks it in the audit trail and opens a review.</summary>
public sealed class OpenModel(DirectoryApi directory, ChildHandles handles) : PortalPageModel
{
    private static readonly Dictionary<string, (string Id, string Label)> Fields = new()
    {
        ["justification"] = ("justification", "Reason:"),
        ["purpose"] = ("justification", "Reason:"),
    };

    public string Handle { get; private set; } = string.Empty;

    [BindProperty] public string? Justification { get; set; }

    public IActionResult OnGet(string handle) => Find(handle) is null ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync(string handle)
    {
        if (Find(handle) is not { } opened)
        {
            return NotFound();
        }

        if (string.IsNullOrWhiteSpace(Justification))
        {
            AddError("justification", "Enter why you need to open this shielded record");
            return Page();
        }

        try
        {
            await directory.Index.BreakGlassAsync(new BreakGlassRequest
            {
                ChildId = opened.ChildId,
                Justification = Justification.Trim(),
                Purpose = new AccessPurpose { Code = opened.Purpose, Justification = Justification.Trim() },
            }, await directory.CallAsync());
        }
        catch (RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.InvalidArgument)
        {
            AddViolations(e, Fields, "justification");
            return Page();
        }

        return Redirect($"/children/{handle}");
    }

    private OpenedChild? Find(string handle)
    {
        Handle = handle;
        return handles.Find(handle, User.FindFirstValue("sub") ?? string.Empty);
    }
}

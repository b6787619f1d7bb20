using System.Security.Claims;
using ChildIndex.Contracts.V1;
using ChildIndex.Portal.Services;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc;

namespace ChildIndex.Portal.Pages.Involvements;

/// <summary>An editor records the end of their own organisation's involvement (the directory
/// refuses anyone else's).</summary>
public sealed class EndModel(DirectoryApi directory, ChildHandles handles, TimeProvider time) : PortalPageModel
{
    private static readonly Dictionary<string, (string Id, string Label)> Fields = new()
    {
        ["end_date"] = ("end-day", "End date"),
        ["involvement_id"] = ("end-day", "Involvement:"),
    };

    public string Handle { get; private set; } = string.Empty;

    [BindProperty] public string? EndDay { get; set; }
    [BindProperty] public string? EndMonth { get; set; }
    [BindProperty] public string? EndYear { get; set; }

    public IActionResult OnGet(string handle, string involvementId)
    {
        if (Find(handle) is null)
        {
            return NotFound();
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        (EndDay, EndMonth, EndYear) = ($"{today.Day}", $"{today.Month}", $"{today.Year}");
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string handle, string involvementId)
    {
        if (Find(handle) is not { } opened)
        {
            return NotFound();
        }

        if (DateInput.Read(EndDay, EndMonth, EndYear) is not { } end)
        {
            AddError("end-day", "End date must be a real date, like 27 3 2026");
            return Page();
        }

        try
        {
            await directory.Registration.EndInvolvementAsync(
                new EndInvolvementRequest { ChildId = opened.ChildId, InvolvementId = involvementId, EndDate = end },
                await directory.CallAsync());
        }
        catch (RpcException e) when (e.StatusCode is Grpc.Core.StatusCode.InvalidArgument or Grpc.Core.StatusCode.FailedPrecondition or Grpc.Core.StatusCode.Aborted)
        {
            AddViolations(e, Fields, "end-day");
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

using ChildIndex.Contracts.V1;
using ChildIndex.Portal.Services;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc;

namespace ChildIndex.Portal.Pages.Audit;

/// <summary>Everyone who looked a child up or changed their record, newest first.</summary>
public sealed class WhoAccessedModel(DirectoryApi directory) : PortalPageModel
{
    private static readonly Dictionary<string, (string Id, string Label)> Fields = new()
    {
        ["child_id"] = ("child-id", "ChildIndex ID"),
        ["page_token"] = ("child-id", "Page:"),
    };

    [BindProperty] public string? ChildId { get; set; }
    [BindProperty] public string? PageToken { get; set; }

    public WhoAccessedChildResponse? Found { get; private set; }

    public void OnGet()
    {
    }

    public async Task OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(ChildId))
        {
            AddError("child-id", "Enter the child's ChildIndex ID");
            return;
        }

        try
        {
            Found = await directory.Audit.WhoAccessedChildAsync(
                new WhoAccessedChildRequest { ChildId = ChildId.Trim(), PageSize = IndexModel.PageSize, PageToken = PageToken ?? string.Empty },
                await directory.CallAsync());
        }
        catch (RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.InvalidArgument)
        {
            AddViolations(e, Fields, "child-id");
        }
    }
}

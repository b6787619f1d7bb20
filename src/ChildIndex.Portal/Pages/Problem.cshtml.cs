using ChildIndex.Portal.Services;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ChildIndex.Portal.Pages;

/// <summary>The GOV.UK page for whatever went wrong: an RPC refusal a page did not handle itself
/// (shown with the directory's own message and the matching HTTP status), a missing page, or a
/// fault (never its exception text).</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class ProblemModel : PageModel
{
    public string Title { get; private set; } = "Sorry, there is a problem with the service";

    public string Detail { get; private set; } = "Try again later.";

    public void OnGet(int? code) => Describe(code);

    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        if (HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error is RpcException rpc)
        {
            Title = RpcErrors.Title(rpc.StatusCode);
            Detail = RpcErrors.Describe(rpc);
            Response.StatusCode = RpcErrors.HttpStatus(rpc.StatusCode);
            return;
        }

        switch (code)
        {
            case StatusCodes.Status404NotFound:
                Title = "Page not found";
                Detail = "If you typed the web address, check it is correct.";
                break;
            case StatusCodes.Status400BadRequest:
                Title = "Sorry, that did not work";
                Detail = "The form may have been open too long, or was sent from somewhere else. Go back, reload the page and try again.";
                break;
            case StatusCodes.Status403Forbidden:
                Title = "You do not have permission to do this";
                Detail = "Your role does not include this page.";
                break;
        }
    }
}

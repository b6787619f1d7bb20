using ChildIndex.Contracts.V1;
using ChildIndex.Portal.Services;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc;

namespace ChildIndex.Portal.Pages.Audit;

/// <summary>The whole trail with its checkpoints and public key, as the directory streams it, one
/// JSON object a line (the protobuf JSON form), for offline verification or a SIEM.</summary>
public sealed class ExportModel(DirectoryApi directory, TimeProvider time) : PortalPageModel
{
    public async Task<IActionResult> OnGetAsync()
    {
        using var call = directory.Audit.ExportAudit(new ExportAuditRequest(), await directory.CallAsync());
        var name = $"childindex-audit-{time.GetUtcNow():yyyyMMdd-HHmmss}.jsonl";
        Response.ContentType = "application/x-ndjson";
        Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        await foreach (var item in call.ResponseStream.ReadAllAsync(HttpContext.RequestAborted))
        {
            await Response.WriteAsync(JsonFormatter.Default.Format(item) + "\n", HttpContext.RequestAborted);
        }

        return new EmptyResult();
    }
}

using ChildIndex.Core.Audit;

namespace ChildIndex.Api.Auditing;

/// <summary>
/// Records calls refused before they reach gRPC: a missing or invalid token is answered by the
/// authentication middleware (UNAUTHENTICATED) without running the service, and so without the
/// audit interceptor. Nothing was disclosed, so the record may follow the answer.
/// </summary>
public static class RefusedCallAudit
{
    public static WebApplication UseRefusedCallAudit(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            await next();
            var status = context.Response.StatusCode;
            if (status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden && AuditDescriber.IsAudited(context.Request.Path))
            {
                var services = context.RequestServices;
                var record = AuditDescriber.Begin(
                    services.GetRequiredService<AuditAppender>().NewRecord(string.Empty),
                    context,
                    context.Request.Path,
                    services.GetRequiredService<ServerInstance>().Name);
                record.Outcome = status == StatusCodes.Status401Unauthorized ? "UNAUTHENTICATED" : "PERMISSION_DENIED";
                record.Detail = "refused before the call ran: no valid access token";
                await services.GetRequiredService<AuditWriter>().AppendAsync(record, CancellationToken.None);
            }
        });
        return app;
    }
}

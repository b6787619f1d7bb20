namespace ChildIndex.Identity.Hosting;

/// <summary>
/// The headers on every page and endpoint of the identity server's web port, as on the portal's:
/// nothing may frame a page (a clickjacked Approve on /connect/verify hands a stranger's device a
/// session); no inline or foreign script or style; forms post only here, and a sign-in's redirects
/// after a form go only to the web portal's registered addresses; nothing is cached.
/// </summary>
public sealed class PageSecurityHeaders(RequestDelegate next, IConfiguration configuration)
{
    private readonly string _policy = string.Join("; ",
        "default-src 'none'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "base-uri 'none'",
        "form-action 'self' " + string.Join(' ', Settings.PortalRedirectUris(configuration).Select(uri => uri.GetLeftPart(UriPartial.Authority)).Distinct()),
        "frame-ancestors 'none'");

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) != true)
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = _policy;
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            if (context.Request.IsHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
            }

            if (!IsStaticAsset(context.Request.Path))
            {
                headers.CacheControl = "no-store";
            }
        }

        return next(context);
    }

    /// <summary>GOV.UK Frontend's stylesheet, fonts and images: the same for everyone, so cacheable.</summary>
    public static bool IsStaticAsset(PathString path) =>
        path.StartsWithSegments("/govuk") || path.StartsWithSegments("/assets");
}

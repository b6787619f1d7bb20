namespace ChildIndex.Portal.Hosting;

/// <summary>
/// The headers every portal response carries. Nothing may frame a page (a clickjacked button is
/// an action in someone's name); only the portal's own files run, load or style (no inline script
/// or style, so injected markup cannot act); forms post only to the portal, or to the identity
/// server on sign-out; no page holding a child's details is kept by the browser or a proxy.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next, IConfiguration configuration)
{
    private readonly string _policy = string.Join("; ",
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        $"form-action 'self' {PortalSettings.Authority(configuration)}",
        "frame-ancestors 'none'");

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = _policy;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
        if (context.Request.IsHttps)
        {
            headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
        }

        if (!IsStaticAsset(context.Request.Path))
        {
            // Every page may hold a child's details or a person's: never stored, so Back after
            // sign-out shows nothing.
            headers.CacheControl = "no-store";
            headers.Pragma = "no-cache";
        }

        return next(context);
    }

    public static bool IsStaticAsset(PathString path) =>
        path.StartsWithSegments("/govuk") || path.StartsWithSegments("/assets") || path.StartsWithSegments("/portal");
}

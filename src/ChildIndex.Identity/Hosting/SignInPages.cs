using System.Threading.RateLimiting;
using ChildIndex.Identity.Endpoints;
using ChildIndex.Identity.GrpcServices;
using ChildIndex.ServiceDefaults.GrpcErrors;

namespace ChildIndex.Identity.Hosting;

public static class SignInPages
{
    /// <summary>The short-lived cookie that says a person has just signed in with two factors; it
    /// exists only to carry them from the sign-in page to the device or authorization approval.</summary>
    public const string CookieScheme = "ChildIndex.SignIn";

    public const string RateLimitPolicy = "sign-in";

    public static WebApplicationBuilder AddSignInPages(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRazorPages();
        services.AddAuthentication(CookieScheme).AddCookie(CookieScheme, options =>
        {
            options.LoginPath = "/account/login";
            options.ExpireTimeSpan = TimeSpan.FromMinutes(10);
            options.SlidingExpiration = false;
            options.Cookie.Name = "childindex.signin";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        // A flood limit per client address; guessing is stopped by counting failures
        // (FailedSignInGuard) and by the account lockout, so people signing in are not.
        builder.AddFailedSignInGuard();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, cancellationToken) =>
                new ValueTask(FailedSignInGate.RefuseAsync(context.HttpContext,
                    context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1),
                    "too many sign-in and token requests from this address"));
            options.AddPolicy(RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = Settings.TokenRequestsPerMinute(context.RequestServices.GetRequiredService<IConfiguration>()),
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
        });
        return builder;
    }

    public static WebApplicationBuilder AddIdentityAdminGrpc(this WebApplicationBuilder builder)
    {
        builder.Services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = 16 * 1024;
            options.Interceptors.Add<ErrorInterceptor>();
        });
        builder.Services.AddRequestParsingGuard();
        // The admin port answers grpc.health.v1 (for load balancers and ./run.sh, without a token)
        // and server reflection (grpcurl), as the directory's port does.
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks(options => options.UseHealthChecksCache = false)
            .AddCheck<IdentityStoreHealthCheck>("identity-store");
        return builder;
    }

    public static WebApplication MapIdentityServer(this WebApplication app)
    {
        app.UseMiddleware<PageSecurityHeaders>();
        app.UseStatusCodePages();
        // GOV.UK Frontend's CSS, fonts and images, copied from the portal's pinned npm package into
        // the output's wwwroot at build time (docs/decisions/0013-portal-assets.md).
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseFailedSignInGuard();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapRazorPages().RequireRateLimiting(RateLimitPolicy);
        app.MapPost("/connect/token", TokenEndpoint.ExchangeAsync).RequireRateLimiting(RateLimitPolicy).DisableAntiforgery();
        app.MapMethods("/connect/authorize", ["GET", "POST"], AuthorizeEndpoint.AuthorizeAsync).DisableAntiforgery();
        app.MapGrpcService<IdentityAdminService>();
        app.MapGrpcService<AuthEventFeedService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }
}

using System.Text.Json;
using OpenIddict.Server;
using Microsoft.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ChildIndex.Identity.Hosting;

/// <summary>
/// Where <see cref="FailedSignInGuard"/> meets requests: an address over its limit gets 429 with
/// Retry-After from the token endpoint (and the sign-in page, which says so itself); failures are counted where they
/// are decided (the sign-in page, and OpenIddict's token response for a bad secret or grant).
/// </summary>
public static class FailedSignInGate
{
    public static string Address(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }

    public static WebApplicationBuilder AddFailedSignInGuard(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(provider => new FailedSignInGuard(
            Settings.FailedSignInsPerAddress(provider.GetRequiredService<IConfiguration>()),
            Settings.FailedSignInWindow,
            provider.GetRequiredService<TimeProvider>()));
        builder.Services.AddOpenIddict().AddServer(server => server.AddEventHandler<OpenIddictServerEvents.ApplyTokenResponseContext>(handler =>
            handler.UseInlineHandler(context =>
            {
                // A wrong client secret or a refused code or refresh token; "authorization_pending"
                // and "slow_down" are a device's normal polling, not failures.
                if (context.Error is Errors.InvalidClient or Errors.InvalidGrant
                    && context.Transaction.GetHttpRequest()?.HttpContext is { } http)
                {
                    http.RequestServices.GetRequiredService<FailedSignInGuard>().RecordFailure(Address(http));
                }

                return default;
            }).SetOrder(int.MinValue)));
        return builder;
    }

    /// <summary>Refuses token requests from an address that must wait (the sign-in page refuses its
    /// own form, with a message a person can read).</summary>
    public static IApplicationBuilder UseFailedSignInGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var guarded = HttpMethods.IsPost(context.Request.Method)
            && context.Request.Path.StartsWithSegments("/connect/token", StringComparison.OrdinalIgnoreCase);
        if (guarded && context.RequestServices.GetRequiredService<FailedSignInGuard>().RetryAfter(Address(context)) is { } wait)
        {
            await RefuseAsync(context, wait, "too many failed sign-ins from this address");
            return;
        }

        await next(context);
    });

    /// <summary>429 with Retry-After, and a reason the CLI and a person can both read.</summary>
    public static async Task RefuseAsync(HttpContext context, TimeSpan wait, string reason)
    {
        ArgumentNullException.ThrowIfNull(context);
        var seconds = FailedSignInGuard.Seconds(wait);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["error"] = "temporarily_unavailable",
            ["error_description"] = $"{reason}: try again in {seconds} s",
        }), context.RequestAborted);
    }
}

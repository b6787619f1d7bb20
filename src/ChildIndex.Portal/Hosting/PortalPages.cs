using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ChildIndex.Portal.Hosting;

public static class PortalPages
{
    public static WebApplicationBuilder AddPortalPages(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddAuthorizationBuilder()
            // Every page needs a signed-in person unless it says otherwise ([AllowAnonymous]).
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(PortalRoles.ChildrenPolicy, policy => policy.RequireRole(PortalRoles.ChildrenRoles))
            .AddPolicy(PortalRoles.InvolvementsPolicy, policy => policy.RequireRole(PortalRoles.PractitionerEditor, PortalRoles.IndexAdmin))
            .AddPolicy(PortalRoles.BreakGlassPolicy, policy => policy.RequireRole(PortalRoles.SafeguardingLead))
            .AddPolicy(PortalRoles.IndexTeamPolicy, policy => policy.RequireRole(PortalRoles.IndexAdmin))
            .AddPolicy(PortalRoles.AuditPolicy, policy => policy.RequireRole(PortalRoles.SecurityOfficer))
            .AddPolicy(PortalRoles.IdentityAdminPolicy, policy => policy.RequireRole(PortalRoles.IdentityAdmin));

        services.AddRazorPages(options =>
        {
            options.Conventions.AuthorizeFolder("/Children", PortalRoles.ChildrenPolicy);
            options.Conventions.AuthorizeFolder("/Involvements", PortalRoles.InvolvementsPolicy);
            options.Conventions.AuthorizeFolder("/BreakGlass", PortalRoles.BreakGlassPolicy);
            options.Conventions.AuthorizeFolder("/IndexTeam", PortalRoles.IndexTeamPolicy);
            options.Conventions.AuthorizeFolder("/Audit", PortalRoles.AuditPolicy);
            options.Conventions.AuthorizeFolder("/IdentityAdmin", PortalRoles.IdentityAdminPolicy);
        }).AddMvcOptions(options => options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute()));
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "childindex.antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        return builder;
    }

    public static WebApplication MapPortal(this WebApplication app)
    {
        PortalEndpoint.AnnounceAddresses(app);
        // RPC failures a page does not handle itself (PERMISSION_DENIED, NOT_FOUND, ...) become
        // GOV.UK pages; no exception text ever reaches a browser.
        app.UseExceptionHandler("/problem");
        app.UseStatusCodePagesWithReExecute("/problem/{0}");
        app.UseMiddleware<SecurityHeaders>();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        return app;
    }
}

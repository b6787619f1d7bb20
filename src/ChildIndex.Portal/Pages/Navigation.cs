using System.Security.Claims;
using ChildIndex.Portal.Hosting;

namespace ChildIndex.Portal.Pages;

public sealed record NavigationItem(string Href, string Text);

/// <summary>Each role's own navigation. Only what the role may use is offered; the page areas'
/// policies (PortalPages) refuse the rest whatever the browser asks for.</summary>
public static class Navigation
{
    public static IReadOnlyList<NavigationItem> For(ClaimsPrincipal user)
    {
        var items = new List<NavigationItem>();
        if (PortalRoles.ChildrenRoles.Any(user.IsInRole))
        {
            items.Add(new("/children/search", "Find a child"));
        }

        if (user.IsInRole(PortalRoles.IndexAdmin))
        {
            items.Add(new("/index-team/reviews", "Break-glass reviews"));
        }

        if (user.IsInRole(PortalRoles.SecurityOfficer))
        {
            items.Add(new("/audit", "Audit trail"));
            items.Add(new("/audit/who-accessed", "Who accessed a child"));
            items.Add(new("/audit/misuse", "Misuse report"));
            items.Add(new("/audit/verify", "Trail verification"));
        }

        if (user.IsInRole(PortalRoles.IdentityAdmin))
        {
            items.Add(new("/identity-admin/users", "Users"));
            items.Add(new("/identity-admin/clients", "Agency clients"));
        }

        return items;
    }
}

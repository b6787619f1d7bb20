namespace ChildIndex.Portal.Hosting;

/// <summary>The directory's roles (the identity server's names) and the portal's page areas: each
/// area is offered, and enforced on every request, only for the roles whose RPCs it calls.</summary>
public static class PortalRoles
{
    public const string Practitioner = "practitioner";
    public const string PractitionerEditor = "practitioner-editor";
    public const string SafeguardingLead = "safeguarding-lead";
    public const string IndexAdmin = "index-admin";
    public const string SecurityOfficer = "security-officer";
    public const string IdentityAdmin = "identity-admin";

    public const string ChildrenPolicy = "children";
    public const string InvolvementsPolicy = "involvements";
    public const string BreakGlassPolicy = "break-glass";
    public const string IndexTeamPolicy = "index-team";
    public const string AuditPolicy = "audit";
    public const string IdentityAdminPolicy = "identity-admin";

    /// <summary>Who may search for and open children (docs/permissions.md: SearchChildren, GetChild).</summary>
    public static readonly string[] ChildrenRoles = [Practitioner, PractitionerEditor, SafeguardingLead, IndexAdmin];
}

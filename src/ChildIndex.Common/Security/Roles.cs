namespace ChildIndex.Common.Security;

/// <summary>The roles a token may carry; docs/permissions.md says what each may do.</summary>
public static class Roles
{
    /// <summary>Searches and views child records.</summary>
    public const string Practitioner = "practitioner";

    /// <summary>A practitioner who may also record and end their own organisation's involvements.</summary>
    public const string PractitionerEditor = "practitioner-editor";

    /// <summary>A child-protection lead: searches and views like a practitioner, and may override a
    /// shield on one record for a short time (break-glass), which the index team then reviews.</summary>
    public const string SafeguardingLead = "safeguarding-lead";

    /// <summary>An agency's system: registers children and involvements for its organisation; no browsing.</summary>
    public const string AgencySystem = "agency-system";

    /// <summary>The local authority's index team: all record management.</summary>
    public const string IndexAdmin = "index-admin";

    /// <summary>Reviews the audit trail; never sees child records.</summary>
    public const string SecurityOfficer = "security-officer";

    /// <summary>Manages users, vetting and clients; never sees child records.</summary>
    public const string IdentityAdmin = "identity-admin";

    public static readonly IReadOnlyList<string> All =
        [Practitioner, PractitionerEditor, SafeguardingLead, AgencySystem, IndexAdmin, SecurityOfficer, IdentityAdmin];

    /// <summary>Roles a person may hold (agency-system belongs to clients only).</summary>
    public static readonly IReadOnlyList<string> ForPeople =
        [Practitioner, PractitionerEditor, SafeguardingLead, IndexAdmin, SecurityOfficer, IdentityAdmin];
}

/// <summary>Claims ChildIndex puts in access tokens, beside the standard sub, name, role, scope,
/// client_id, iss, aud, exp.</summary>
public static class ChildIndexClaims
{
    public const string OrganisationCode = "org_code";
    public const string OrganisationName = "org_name";

    /// <summary>"user" for a person, "client" for an agency system.</summary>
    public const string PrincipalType = "principal_type";

    /// <summary>The first day (yyyy-MM-dd) on which the person's vetting no longer holds.</summary>
    public const string VettingExpires = "vetting_expires";

    public const string User = "user";
    public const string Client = "client";
}

/// <summary>OAuth scopes and resources (audiences) of ChildIndex.</summary>
public static class ChildIndexScopes
{
    /// <summary>Access to the directory's gRPC API.</summary>
    public const string Directory = "directory";

    /// <summary>Access to the identity server's IdentityAdmin API.</summary>
    public const string IdentityAdmin = "identity-admin";

    /// <summary>Access to the identity server's AuthEventFeed: granted to the directory's own
    /// client only, never to a person or an agency system.</summary>
    public const string AuthEvents = "auth-events";

    public const string DirectoryAudience = "childindex-directory";
    public const string IdentityAudience = "childindex-identity";
}

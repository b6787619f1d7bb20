namespace ChildIndex.Core.Access;

/// <summary>Who is calling, as their access token says: a person or an agency system, of one
/// organisation, with roles. Every directory operation takes one.</summary>
public sealed record Caller(
    string Subject,
    string Name,
    string OrganisationCode,
    string OrganisationName,
    IReadOnlySet<string> Roles,
    string? ClientId,
    bool IsAgencySystem)
{
    public bool IsIndexAdmin => Roles.Contains(Common.Security.Roles.IndexAdmin);

    /// <summary>Writes by the demo seeder: an index administrator that is nobody.</summary>
    public static Caller System(string subject) => new(
        subject, subject, "SYSTEM", "ChildIndex", new HashSet<string> { Common.Security.Roles.IndexAdmin }, null, IsAgencySystem: false);

    /// <summary>Whether the caller may act for the organisation <paramref name="organisationCode"/>:
    /// its own, or any for the index team.</summary>
    public bool ActsFor(string organisationCode) =>
        IsIndexAdmin || string.Equals(OrganisationCode, organisationCode, StringComparison.OrdinalIgnoreCase);
}

namespace ChildIndex.Identity.Core.Clients;

/// <summary>An agency system's OAuth client (client credentials), bound to its organisation. The
/// client and its hashed secret live in OpenIddict's store; this row holds what ChildIndex adds.</summary>
public sealed class AgencyClient
{
    public required string ClientId { get; set; }
    public required string DisplayName { get; set; }
    public required string OrganisationCode { get; set; }
    public required string OrganisationName { get; set; }
    public bool Revoked { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

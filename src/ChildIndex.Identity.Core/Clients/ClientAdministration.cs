using System.Security.Cryptography;
using System.Text.RegularExpressions;
using ChildIndex.Identity.Core.Events;
using ChildIndex.Identity.Core.Storage;
using ChildIndex.Common.Errors;
using ChildIndex.Common.Security;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using V1 = ChildIndex.Contracts.V1;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ChildIndex.Identity.Core.Clients;

/// <summary>Registers and revokes agency systems' clients. OpenIddict keeps the client and only a
/// hash of its secret; the binding to an organisation is ChildIndex's own.</summary>
public sealed partial class ClientAdministration(
    IdentityStoreDbContext db,
    IOpenIddictApplicationManager applications,
    AuthEventLog events,
    TimeProvider time)
{
    public const int MaxListed = 200;

    public async Task<V1.RegisterAgencyClientResponse> RegisterAsync(V1.RegisterAgencyClientRequest request, string actor, CancellationToken cancellationToken)
    {
        var violations = new Violations();
        var clientId = (request.ClientId ?? string.Empty).Trim().ToLowerInvariant();
        if (!ClientIdPattern().IsMatch(clientId))
        {
            violations.Add("client_id", "must be 3 to 64 characters: lower-case letters, digits, '.', '-' and '_'");
        }

        var organisationCode = (request.OrganisationCode ?? string.Empty).Trim().ToUpperInvariant();
        if (!OrganisationCodePattern().IsMatch(organisationCode))
        {
            violations.Add("organisation_code", "must be 2 to 12 letters and digits");
        }

        var displayName = Required(request.DisplayName, "display_name", violations);
        var organisationName = Required(request.OrganisationName, "organisation_name", violations);
        violations.ThrowIfAny();

        if (await applications.FindByClientIdAsync(clientId, cancellationToken) is not null)
        {
            throw new DomainException(DomainErrorKind.AlreadyExists, $"client {clientId} already exists");
        }

        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var client = new AgencyClient
        {
            ClientId = clientId,
            DisplayName = displayName!,
            OrganisationCode = organisationCode,
            OrganisationName = organisationName!,
            CreatedAt = time.GetUtcNow(),
        };

        // OpenIddict's manager saves through the same context: one transaction covers both rows.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.AgencyClients.Add(client);
        events.Add(AuthEventKind.ClientRegistered, subject: clientId, clientId: clientId, actor: actor, detail: $"organisation {organisationCode}");
        await db.SaveChangesAsync(cancellationToken);
        await applications.CreateAsync(AgencyDescriptor(clientId, displayName!, secret), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new V1.RegisterAgencyClientResponse { Client = ToContract(client), ClientSecret = secret };
    }

    public async Task<V1.AgencyClient> RevokeAsync(V1.RevokeAgencyClientRequest request, string actor, CancellationToken cancellationToken)
    {
        var clientId = (request.ClientId ?? string.Empty).Trim().ToLowerInvariant();
        var client = await db.AgencyClients.SingleOrDefaultAsync(c => c.ClientId == clientId, cancellationToken)
            ?? throw new DomainException(DomainErrorKind.NotFound, $"no agency client {clientId}");
        if (!client.Revoked)
        {
            client.Revoked = true;
            client.RevokedAt = time.GetUtcNow();
            events.Add(AuthEventKind.ClientRevoked, subject: clientId, clientId: clientId, actor: actor);
            await db.SaveChangesAsync(cancellationToken);
        }

        return ToContract(client);
    }

    public async Task<V1.ListAgencyClientsResponse> ListAsync(V1.ListAgencyClientsRequest request, CancellationToken cancellationToken)
    {
        var query = db.AgencyClients.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(request.OrganisationCode))
        {
            var code = request.OrganisationCode.Trim().ToUpperInvariant();
            query = query.Where(c => c.OrganisationCode == code);
        }

        var clients = await query.OrderBy(c => c.ClientId).Take(MaxListed).ToListAsync(cancellationToken);
        var response = new V1.ListAgencyClientsResponse();
        response.Clients.AddRange(clients.Select(ToContract));
        return response;
    }

    /// <summary>A client as OpenIddict must hold it: confidential, client credentials only, the
    /// directory scope only.</summary>
    public static OpenIddictApplicationDescriptor AgencyDescriptor(string clientId, string displayName, string secret) => new()
    {
        ClientId = clientId,
        ClientSecret = secret,
        ClientType = ClientTypes.Confidential,
        DisplayName = displayName,
        Permissions =
        {
            Permissions.Endpoints.Token,
            Permissions.GrantTypes.ClientCredentials,
            Permissions.Prefixes.Scope + ChildIndexScopes.Directory,
        },
    };

    public static V1.AgencyClient ToContract(AgencyClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new V1.AgencyClient
        {
            ClientId = client.ClientId,
            DisplayName = client.DisplayName,
            OrganisationCode = client.OrganisationCode,
            OrganisationName = client.OrganisationName,
            Revoked = client.Revoked,
            CreatedAt = Timestamp.FromDateTimeOffset(client.CreatedAt),
        };
    }

    private static string? Required(string? value, string field, Violations violations)
    {
        var text = (value ?? string.Empty).Trim();
        if (text.Length is 0 or > 100 || !NamePattern().IsMatch(text))
        {
            violations.Add(field, "must be 1 to 100 characters of letters, digits, spaces and , . ' - & ( )");
            return null;
        }

        return text;
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{2,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex ClientIdPattern();

    [GeneratedRegex("^[A-Z0-9]{2,12}$", RegexOptions.CultureInvariant)]
    private static partial Regex OrganisationCodePattern();

    [GeneratedRegex(@"^[\p{L}\p{N}][\p{L}\p{M}\p{N} ,.'’\-&()]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}

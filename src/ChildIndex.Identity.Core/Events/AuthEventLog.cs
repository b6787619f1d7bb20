using ChildIndex.Identity.Core.Storage;

namespace ChildIndex.Identity.Core.Events;

/// <summary>Adds authentication events to the store; they are saved with the change they describe.</summary>
public sealed class AuthEventLog(IdentityStoreDbContext db, TimeProvider time)
{
    public void Add(AuthEventKind kind, string? subject = null, string? username = null, string? clientId = null,
        string? actor = null, string? clientAddress = null, string? detail = null) =>
        db.AuthEvents.Add(new AuthEvent
        {
            Time = time.GetUtcNow(),
            Kind = kind,
            Subject = subject,
            Username = username is { Length: > 64 } ? username[..64] : username,
            ClientId = clientId,
            Actor = actor,
            ClientAddress = clientAddress,
            Detail = detail is { Length: > 200 } ? detail[..200] : detail,
        });

    /// <summary>Records an event on its own, for outcomes that change nothing else.</summary>
    public async Task RecordAsync(AuthEventKind kind, string? subject = null, string? username = null, string? clientId = null,
        string? actor = null, string? clientAddress = null, string? detail = null, CancellationToken cancellationToken = default)
    {
        Add(kind, subject, username, clientId, actor, clientAddress, detail);
        await db.SaveChangesAsync(cancellationToken);
    }
}

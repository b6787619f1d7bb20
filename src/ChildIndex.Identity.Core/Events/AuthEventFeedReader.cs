using ChildIndex.Common.Errors;
using ChildIndex.Identity.Core.Storage;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Identity.Core.Events;

/// <summary>The AuthEvents table read forwards from a position, for the directory's audit trail
/// (the AuthEventFeed RPC). Where the reader has got to is the reader's own business: this side
/// keeps no state, so a reader that lost its answer asks again from the same id.</summary>
public sealed class AuthEventFeedReader(IdentityStoreDbContext db)
{
    public const int MaxEvents = 500;

    public async Task<V1.ReadAuthEventsResponse> ReadAsync(V1.ReadAuthEventsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var violations = new Violations();
        if (request.AfterId < 0)
        {
            violations.Add("after_id", "must not be negative");
        }

        if (request.MaxEvents is < 0 or > MaxEvents)
        {
            violations.Add("max_events", $"must be from 1 to {MaxEvents}, or 0 for {MaxEvents}");
        }

        violations.ThrowIfAny();

        var take = request.MaxEvents == 0 ? MaxEvents : request.MaxEvents;
        var events = await db.AuthEvents.AsNoTracking()
            .Where(e => e.Id > request.AfterId)
            .OrderBy(e => e.Id)
            .Take(take)
            .ToListAsync(cancellationToken);
        var response = new V1.ReadAuthEventsResponse();
        response.Events.AddRange(events.Select(ToContract));
        return response;
    }

    /// <summary>The kinds keep their numbers in the contract, so the cast is the mapping (a unit
    /// test holds every kind to a contract value of the same name).</summary>
    public static V1.AuthEvent ToContract(AuthEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new V1.AuthEvent
        {
            Id = e.Id,
            Time = Timestamp.FromDateTimeOffset(e.Time),
            Kind = (V1.AuthEventKind)(int)e.Kind,
            Subject = e.Subject ?? string.Empty,
            Username = e.Username ?? string.Empty,
            ClientId = e.ClientId ?? string.Empty,
            Actor = e.Actor ?? string.Empty,
            ClientAddress = e.ClientAddress ?? string.Empty,
            Detail = e.Detail ?? string.Empty,
        };
    }
}

using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Caching.Memory;

namespace ChildIndex.Portal.Hosting;

/// <summary>
/// Sessions, with their tokens, held in the portal's memory: the cookie carries only a random key.
/// A restart of the portal signs everyone out, which is the safe failure; several portal instances
/// would need a shared store (a distributed cache) behind this same interface.
/// </summary>
public sealed class ServerSideTickets(IMemoryCache cache, IConfiguration configuration) : ITicketStore
{
    private const string Prefix = "portal-session:";

    private readonly TimeSpan _idleTimeout = PortalSettings.IdleTimeout(configuration);

    public Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        Put(key, ticket);
        return Task.FromResult(key);
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        Put(key, ticket);
        return Task.CompletedTask;
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) =>
        Task.FromResult(cache.TryGetValue(Prefix + key, out AuthenticationTicket? ticket) ? ticket : null);

    public Task RemoveAsync(string key)
    {
        cache.Remove(Prefix + key);
        return Task.CompletedTask;
    }

    private void Put(string key, AuthenticationTicket ticket)
    {
        // Idle and absolute limits both hold even if the cookie were replayed after its expiry.
        var options = new MemoryCacheEntryOptions { SlidingExpiration = _idleTimeout };
        if (TokenRefresher.AbsoluteExpiry(ticket.Properties) is { } absolute)
        {
            options.AbsoluteExpiration = absolute;
        }

        cache.Set(Prefix + key, ticket, options);
    }
}

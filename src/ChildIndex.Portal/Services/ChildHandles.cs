using System.Security.Cryptography;
using ChildIndex.Contracts.V1;
using Microsoft.Extensions.Caching.Memory;

namespace ChildIndex.Portal.Services;

/// <summary>A child opened from a search, with the purpose stated for it.</summary>
public sealed record OpenedChild(string ChildId, AccessPurposeCode Purpose, string Subject);

/// <summary>
/// Random, per-person handles for the children a search returned, so that a child's page has a
/// plain link (/children/{handle}) that carries neither the child's identifiers nor the purpose:
/// nothing about a child reaches a URL, a browser history or a proxy's log.
/// </summary>
public sealed class ChildHandles(IMemoryCache cache)
{
    private const string Prefix = "child-handle:";

    public string Create(string childId, AccessPurposeCode purpose, string subject)
    {
        var handle = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        cache.Set(Prefix + handle, new OpenedChild(childId, purpose, subject), new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromHours(1) });
        return handle;
    }

    /// <summary>The child behind <paramref name="handle"/>, only for the person it was made for.</summary>
    public OpenedChild? Find(string handle, string subject) =>
        cache.TryGetValue(Prefix + handle, out OpenedChild? opened) && opened!.Subject == subject ? opened : null;
}

namespace ChildIndex.Identity;

/// <summary>Names this assembly for WebApplicationFactory in tests.</summary>
public sealed class IdentityServerMarker;

namespace ChildIndex.Api;

/// <summary>Names this assembly for WebApplicationFactory in tests (every web project has a
/// generated Program class, so Program cannot).</summary>
public sealed class DirectoryApiMarker;

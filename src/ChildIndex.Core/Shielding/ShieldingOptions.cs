using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.Shielding;

/// <summary>
/// Who practitioners contact when the index hides something from them (INDEX_TEAM_NAME,
/// INDEX_TEAM_PHONE, INDEX_TEAM_EMAIL), and how long a break-glass override lasts
/// (BREAK_GLASS_MINUTES). The defaults are the demo local authority's.
/// </summary>
public sealed class ShieldingOptions
{
    public static readonly TimeSpan DefaultBreakGlassDuration = TimeSpan.FromMinutes(15);

    /// <summary>An override is meant for the time a user stays on one record, not for a shift.</summary>
    public static readonly TimeSpan MaxBreakGlassDuration = TimeSpan.FromHours(1);

    public string IndexTeamName { get; init; } = "Leeds City Council Index Team";
    public string IndexTeamPhone { get; init; } = "0113 496 0999";
    public string IndexTeamEmail { get; init; } = "index.team@leeds.example.gov.uk";
    public TimeSpan BreakGlassDuration { get; init; } = DefaultBreakGlassDuration;

    /// <summary>A fresh message each time: callers put it into responses they go on to change.</summary>
    public V1.IndexTeamContact Contact() => new() { Name = IndexTeamName, Phone = IndexTeamPhone, Email = IndexTeamEmail };
}

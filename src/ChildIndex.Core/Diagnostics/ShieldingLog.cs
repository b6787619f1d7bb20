using Microsoft.Extensions.Logging;

namespace ChildIndex.Core.Diagnostics;

/// <summary>Shielding and break-glass events: index identifiers only, never the justification
/// (it may name people) nor any personal detail.</summary>
public static partial class DirectoryLog
{
    [LoggerMessage(1101, LogLevel.Information, "Shielded child {ChildId}")]
    public static partial void ChildShielded(this ILogger logger, string childId);

    [LoggerMessage(1102, LogLevel.Information, "Lifted the shield of child {ChildId}")]
    public static partial void ChildUnshielded(this ILogger logger, string childId);

    [LoggerMessage(1103, LogLevel.Warning, "Break-glass override {GrantId} of child {ChildId} until {ExpiresAt:u}")]
    public static partial void BreakGlassGranted(this ILogger logger, Guid grantId, string childId, DateTimeOffset expiresAt);

    [LoggerMessage(1104, LogLevel.Information, "Closed break-glass review {ReviewId}: {Outcome}")]
    public static partial void BreakGlassReviewClosed(this ILogger logger, Guid reviewId, string outcome);
}

using Microsoft.Extensions.Configuration;

namespace ChildIndex.Core.Audit;

/// <summary>
/// How often a checkpoint is signed: once so many records are unsigned, or once so long has passed
/// since the last one and anything is unsigned (AUDIT_CHECKPOINT_RECORDS, default 1000;
/// AUDIT_CHECKPOINT_INTERVAL_MS, default 1000). A checkpoint after every record
/// (AUDIT_CHECKPOINT_RECORDS=1) lets verification name a record rewritten with a recomputed hash
/// exactly, at a signature per commit; sparser ones place it between two checkpoints.
/// </summary>
public sealed record AuditCheckpointPolicy(int Records, TimeSpan Interval)
{
    public static AuditCheckpointPolicy Default { get; } = new(1000, TimeSpan.FromSeconds(1));

    public static AuditCheckpointPolicy FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new(
            Math.Max(1, Setting(configuration, "AUDIT_CHECKPOINT_RECORDS", Default.Records)),
            TimeSpan.FromMilliseconds(Math.Max(10, Setting(configuration, "AUDIT_CHECKPOINT_INTERVAL_MS", (int)Default.Interval.TotalMilliseconds))));
    }

    private static int Setting(IConfiguration configuration, string name, int fallback) =>
        configuration[name] is { Length: > 0 } text
            ? int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new InvalidOperationException($"{name} must be a whole number, not '{text}'")
            : fallback;
}

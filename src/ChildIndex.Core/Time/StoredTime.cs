namespace ChildIndex.Core.Time;

public static class StoredTime
{
    /// <summary>Now, in whole microseconds: what PostgreSQL keeps, so that a time returned at once
    /// equals the same time read back from the database later.</summary>
    public static DateTimeOffset StorableNow(this TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
    }
}

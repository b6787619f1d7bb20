using Google.Protobuf.WellKnownTypes;

namespace ChildIndex.Core.Time;

/// <summary>What a protobuf Timestamp may say: 0001-01-01 to 9999-12-31, nanoseconds within the
/// second. Outside that, <see cref="Timestamp.ToDateTimeOffset"/> throws, so a time that came from
/// a request, a feed or a stored record is checked first.</summary>
public static class Timestamps
{
    public const long MinSeconds = -62_135_596_800;
    public const long MaxSeconds = 253_402_300_799;

    public static bool IsValid(long seconds, long nanos) =>
        seconds is >= MinSeconds and <= MaxSeconds && nanos is >= 0 and <= 999_999_999;

    public static bool IsValid(Timestamp time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return IsValid(time.Seconds, time.Nanos);
    }
}

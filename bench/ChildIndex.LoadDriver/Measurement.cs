namespace ChildIndex.LoadDriver;

/// <summary>
/// What one row of the report measures: one workload, or several run at once over the same window,
/// each paced its own way, because some targets hold only while other load runs beside them.
/// </summary>
public sealed record Measurement(string Name, IReadOnlyList<(string Workload, Pacing Pacing)> Parts)
{
    public Measurement(string workload, Pacing pacing)
        : this(workload, [(workload, pacing)])
    {
    }

    public bool Open => Parts.All(p => p.Pacing.Open);

    /// <summary>As <see cref="Pacing"/> writes it, open rates after one "open": "closed x2 + open 2000/s + 200/s".</summary>
    public override string ToString()
    {
        var closed = Parts.Where(p => !p.Pacing.Open).Select(p => p.Pacing.ToString());
        var open = Parts.Where(p => p.Pacing.Open).Select(p => $"{p.Pacing.Rate:0}/s").ToList();
        return string.Join(" + ", open.Count == 0 ? closed : closed.Append($"open {string.Join(" + ", open)}"));
    }
}

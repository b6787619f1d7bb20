namespace ChildIndex.Core.Records;

public enum DuplicateTaskStatus : byte
{
    Open = 1,
    Closed = 2,
}

public enum DuplicateResolution : byte
{
    NotADuplicate = 1,
    Merged = 2,
    Other = 3,
}

/// <summary>
/// A possible-duplicate task: a registration that no identifier linked to a child created a new
/// record whose details scored between the duplicate thresholds against a child the index held
/// (docs/decisions/0016-duplicates-at-registration.md). The index team closes it. Holds ids and
/// numbers only: the decision as it was made, never the children's details.
/// </summary>
public sealed class PossibleDuplicate
{
    /// <summary>The task's number: increasing, so newest first is highest first on every provider.</summary>
    public long Id { get; set; }

    /// <summary>The child the registration created.</summary>
    public long NewChildId { get; set; }

    /// <summary>Set instead of <see cref="NewChildId"/> while the child is being inserted in the same SaveChanges.</summary>
    public Child? NewChild { get; set; }

    /// <summary>The child the index already held (or one created earlier in the same batch).</summary>
    public long ExistingChildId { get; set; }

    public Child? ExistingChild { get; set; }

    /// <summary>The match probability, 0 to 1.</summary>
    public double Probability { get; set; }

    /// <summary>The match weight the probability comes from, in bits.</summary>
    public double Weight { get; set; }

    /// <summary>True when a search would show the existing child in the strong band.</summary>
    public bool StrongBand { get; set; }

    public double LowerThreshold { get; set; }
    public double UpperThreshold { get; set; }

    /// <summary>The version of the match weights that scored the pair.</summary>
    public required string WeightsVersion { get; set; }

    public DateTimeOffset RaisedAt { get; set; }

    /// <summary>The organisation and caller whose registration raised it, and its request_id.</summary>
    public required string RaisedByOrganisation { get; set; }
    public required string RaisedBy { get; set; }
    public Guid RequestId { get; set; }

    public DuplicateTaskStatus Status { get; set; } = DuplicateTaskStatus.Open;
    public DuplicateResolution? Resolution { get; set; }
    public string? Reason { get; set; }
    public string? ClosedBy { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
}

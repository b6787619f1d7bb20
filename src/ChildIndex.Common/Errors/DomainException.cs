namespace ChildIndex.Common.Errors;

/// <summary>What went wrong, in the domain's words. ServiceDefaults/GrpcErrors/DomainErrorMapper
/// turns each kind into one gRPC status code.</summary>
public enum DomainErrorKind
{
    /// <summary>The request breaks a rule of the contract; <see cref="DomainException.Violations"/> says where.</summary>
    Invalid,

    /// <summary>The child or involvement named does not exist.</summary>
    NotFound,

    /// <summary>The request is well formed but the record's state does not allow it.</summary>
    Conflict,

    /// <summary>The caller's copy of the record is out of date (optimistic concurrency).</summary>
    StaleVersion,

    /// <summary>What the request would create exists already.</summary>
    AlreadyExists,

    /// <summary>The caller is who they say, but may not do this (to this record). The message
    /// never says anything about the record.</summary>
    PermissionDenied,

    /// <summary>The caller has made too many requests of this kind lately: try again later.</summary>
    RateLimited,

    /// <summary>The service cannot answer safely now (its audit trail failed its integrity check).</summary>
    Unavailable,
}

/// <summary>One field of a request that breaks a rule. Field paths use the .proto field names,
/// with indexes for repeated fields: details.carers[1].email.</summary>
public sealed record FieldViolation(string Field, string Description);

/// <summary>An expected failure of a request. Its message is written for the caller: it never
/// holds a child's personal data, only field names and identifiers the caller sent.</summary>
public sealed class DomainException : Exception
{
    public DomainException(DomainErrorKind kind, string message, IReadOnlyList<FieldViolation>? violations = null)
        : base(message)
    {
        Kind = kind;
        Violations = violations ?? [];
    }

    public DomainException()
        : this(DomainErrorKind.Invalid, "invalid request")
    {
    }

    public DomainException(string message)
        : this(DomainErrorKind.Invalid, message)
    {
    }

    public DomainException(string message, Exception innerException)
        : base(message, innerException)
    {
        Violations = [];
    }

    public DomainErrorKind Kind { get; }

    public IReadOnlyList<FieldViolation> Violations { get; }

    public static DomainException Invalid(string field, string description) =>
        new(DomainErrorKind.Invalid, $"invalid {field}: {description}", [new FieldViolation(field, description)]);

    public static DomainException Denied(string message) => new(DomainErrorKind.PermissionDenied, message);

    public static DomainException ChildNotFound(string childId) =>
        new(DomainErrorKind.NotFound, $"no child with identifier {childId}");
}

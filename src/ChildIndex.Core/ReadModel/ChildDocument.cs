using ChildIndex.Core.Records;

namespace ChildIndex.Core.ReadModel;

/// <summary>
/// A child's record as the directory serves it: the whole, unredacted <c>childindex.v1.ChildRecord</c>,
/// serialized, keyed by the index id a caller sends, so that GetChild is one primary-key read.
/// Written by <see cref="ChildDocuments.Stage"/> in the transaction of every change to the child;
/// who may see which part of it is still decided in code, on every read (<see cref="Lookup.RecordRedaction"/>).
/// </summary>
public sealed class ChildDocument
{
    /// <summary>The child's index identifier in canonical form: the key GetChild seeks on.</summary>
    public required string IndexId { get; set; }

    /// <summary>The child's surrogate key: break-glass grants are kept against it.</summary>
    public long ChildId { get; set; }

    /// <summary>Set only while a new child and its document are saved together, so that the
    /// document gets the child's generated key.</summary>
    public Child? Child { get; set; }

    /// <summary>The child's version when the document was written.</summary>
    public long Version { get; set; }

    /// <summary>Copied from the child, so that what a read must redact is known without parsing.</summary>
    public bool Shielded { get; set; }

    /// <summary>The serialized <c>childindex.v1.ChildRecord</c>, without redaction, index team
    /// contact or break-glass expiry: those depend on the caller.</summary>
    public required byte[] Document { get; set; }
}

using ChildIndex.Contracts.V1;
using ChildIndex.Core.Time;
using Google.Protobuf.WellKnownTypes;

namespace ChildIndex.Core.Audit;

/// <summary>
/// Verification's quick test that a stored audit row's columns and child links are the ones
/// <see cref="AuditRow.Of"/> derives from its record, read straight from the record's bytes.
/// Parsing every record into objects to derive them again cost more than hashing it, and most of
/// the garbage a verification of millions of records made.
/// </summary>
/// <remarks>
/// It answers yes only when certain: a record laid out as the writer serialises one (no singular
/// field twice, expected wire types, a normalised time), ASCII text and child ids. Anything
/// else answers no, and the caller derives the row the slow way, which decides; so a record this
/// walk misreads costs time, never a missed or a false problem. A test holds the two to agreement
/// over generated, mutated and damaged records.
/// </remarks>
internal static class StoredAuditColumns
{
    /// <summary>More links than this on one record go the slow way (a bit each in a mask).</summary>
    private const int MaxLinks = 64;

    private const int TimeSeen = 1;
    private const int ActionSeen = 2;
    private const int OutcomeSeen = 4;
    private const int ActorSeen = 8;

    public static bool Match(AuditEntry stored, IEnumerable<string> links)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(links);
        var linked = links as IList<string> ?? links.ToList();
        if (linked.Count > MaxLinks)
        {
            return false;
        }

        ReadOnlySpan<byte> record = stored.Record;
        var seen = 0;
        long timeMs = 0;
        ReadOnlySpan<byte> action = default, outcome = default, subject = default, organisation = default;
        ulong matchedLinks = 0;
        var at = 0;
        while (at < record.Length)
        {
            if (!Varint(record, ref at, out var tag) || tag > uint.MaxValue)
            {
                return false;
            }

            var field = (int)(tag >> 3);
            var wire = (int)(tag & 7);
            switch (field)
            {
                case AuditRecord.TimeFieldNumber when wire == 2 && (seen & TimeSeen) == 0:
                    seen |= TimeSeen;
                    if (!Bytes(record, ref at, out var time) || !TimeOf(time, out timeMs))
                    {
                        return false;
                    }

                    break;
                case AuditRecord.ActionFieldNumber when wire == 2 && (seen & ActionSeen) == 0:
                    seen |= ActionSeen;
                    if (!Bytes(record, ref at, out action))
                    {
                        return false;
                    }

                    break;
                case AuditRecord.OutcomeFieldNumber when wire == 2 && (seen & OutcomeSeen) == 0:
                    seen |= OutcomeSeen;
                    if (!Bytes(record, ref at, out outcome))
                    {
                        return false;
                    }

                    break;
                case AuditRecord.ActorFieldNumber when wire == 2 && (seen & ActorSeen) == 0:
                    seen |= ActorSeen;
                    if (!Bytes(record, ref at, out var actor) || !ActorOf(actor, out subject, out organisation))
                    {
                        return false;
                    }

                    break;
                case AuditRecord.ChildIdsFieldNumber or AuditRecord.ResultChildIdsFieldNumber when wire == 2:
                    if (!Bytes(record, ref at, out var id) || !MatchLink(id, linked, ref matchedLinks))
                    {
                        return false;
                    }

                    break;
                case 0 or AuditRecord.TimeFieldNumber or AuditRecord.ActionFieldNumber or AuditRecord.OutcomeFieldNumber
                    or AuditRecord.ActorFieldNumber or AuditRecord.ChildIdsFieldNumber or AuditRecord.ResultChildIdsFieldNumber:
                    // Twice, or not as the writer writes it: the parser's reading of it decides.
                    return false;
                default:
                    if (!Skip(record, ref at, wire))
                    {
                        return false;
                    }

                    break;
            }
        }

        var allLinks = linked.Count == MaxLinks ? ulong.MaxValue : (1UL << linked.Count) - 1;
        return matchedLinks == allLinks
            && timeMs == stored.TimeUnixMs
            && TextEquals(action, AuditRow.ActionLength, stored.Action, emptyIsNull: false)
            && TextEquals(outcome, AuditRow.OutcomeLength, stored.Outcome, emptyIsNull: false)
            && TextEquals(subject, AuditRow.ActorSubjectLength, stored.ActorSubject, emptyIsNull: true)
            && TextEquals(organisation, AuditRow.ActorOrganisationLength, stored.ActorOrganisation, emptyIsNull: true);
    }

    /// <summary>AuditActor: subject and organisation_code; its other fields skipped.</summary>
    private static bool ActorOf(ReadOnlySpan<byte> actor, out ReadOnlySpan<byte> subject, out ReadOnlySpan<byte> organisation)
    {
        subject = default;
        organisation = default;
        var seenSubject = false;
        var seenOrganisation = false;
        var at = 0;
        while (at < actor.Length)
        {
            if (!Varint(actor, ref at, out var tag) || tag > uint.MaxValue)
            {
                return false;
            }

            var field = (int)(tag >> 3);
            var wire = (int)(tag & 7);
            if (field == AuditActor.SubjectFieldNumber && wire == 2 && !seenSubject)
            {
                seenSubject = true;
                if (!Bytes(actor, ref at, out subject))
                {
                    return false;
                }
            }
            else if (field == AuditActor.OrganisationCodeFieldNumber && wire == 2 && !seenOrganisation)
            {
                seenOrganisation = true;
                if (!Bytes(actor, ref at, out organisation))
                {
                    return false;
                }
            }
            else if (field is 0 or AuditActor.SubjectFieldNumber or AuditActor.OrganisationCodeFieldNumber || !Skip(actor, ref at, wire))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Timestamp: seconds and nanos (varints), valid, as Unix milliseconds the way
    /// ToDateTimeOffset().ToUnixTimeMilliseconds() gives them.</summary>
    private static bool TimeOf(ReadOnlySpan<byte> time, out long unixMs)
    {
        unixMs = 0;
        long seconds = 0;
        long nanos = 0;
        var seenSeconds = false;
        var seenNanos = false;
        var at = 0;
        while (at < time.Length)
        {
            if (!Varint(time, ref at, out var tag))
            {
                return false;
            }

            if (tag == (Timestamp.SecondsFieldNumber << 3) && !seenSeconds)
            {
                seenSeconds = true;
                if (!Varint(time, ref at, out var value))
                {
                    return false;
                }

                seconds = unchecked((long)value);
            }
            else if (tag == (Timestamp.NanosFieldNumber << 3) && !seenNanos)
            {
                seenNanos = true;
                if (!Varint(time, ref at, out var value))
                {
                    return false;
                }

                nanos = unchecked((int)value);
            }
            else
            {
                return false;
            }
        }

        if (!Timestamps.IsValid(seconds, nanos))
        {
            return false;
        }

        unixMs = (seconds * 1000) + (nanos / 1_000_000);
        return true;
    }

    /// <summary>A child id as the record gives it: one that is no valid id links nothing (AuditRow.Of
    /// drops it); a valid one must be among the stored links, in canonical form.</summary>
    private static bool MatchLink(ReadOnlySpan<byte> id, IList<string> linked, ref ulong matched)
    {
        if (!System.Text.Ascii.IsValid(id))
        {
            // Outside ASCII, case mapping could still make an id of it: the slow way decides.
            return false;
        }

        if (id.Length > 20)
        {
            return true;
        }

        Span<char> raw = stackalloc char[id.Length];
        System.Text.Ascii.ToUtf16(id, raw, out _);
        Span<char> canonical = stackalloc char[Identifiers.ChildId.Length];
        if (!Identifiers.ChildId.TryParse(raw, canonical))
        {
            return true;
        }

        for (var i = 0; i < linked.Count; i++)
        {
            if (canonical.SequenceEqual(linked[i]))
            {
                matched |= 1UL << i;
                return true;
            }
        }

        return false;
    }

    /// <summary>The column AuditRow.Of derives from <paramref name="utf8"/> (truncated to
    /// <paramref name="limit"/> characters) against the stored one; non-ASCII text answers no.</summary>
    private static bool TextEquals(ReadOnlySpan<byte> utf8, int limit, string? stored, bool emptyIsNull)
    {
        var length = Math.Min(utf8.Length, limit);
        if (length == 0 && emptyIsNull)
        {
            return stored is null && System.Text.Ascii.IsValid(utf8);
        }

        if (stored is null || stored.Length != length || !System.Text.Ascii.IsValid(utf8))
        {
            return false;
        }

        return System.Text.Ascii.Equals(utf8[..length], stored);
    }

    private static bool Bytes(ReadOnlySpan<byte> data, scoped ref int at, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!Varint(data, ref at, out var length) || length > (ulong)(data.Length - at))
        {
            return false;
        }

        value = data.Slice(at, (int)length);
        at += (int)length;
        return true;
    }

    private static bool Skip(ReadOnlySpan<byte> data, scoped ref int at, int wire)
    {
        switch (wire)
        {
            case 0:
                return Varint(data, ref at, out _);
            case 1:
                at += 8;
                return at <= data.Length;
            case 2:
                return Bytes(data, ref at, out _);
            case 5:
                at += 4;
                return at <= data.Length;
            default:
                // Groups and invalid wire types: the parser decides.
                return false;
        }
    }

    private static bool Varint(ReadOnlySpan<byte> data, scoped ref int at, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 70 && at < data.Length; shift += 7)
        {
            var b = data[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return shift < 63 || b <= 1;
            }
        }

        return false;
    }
}

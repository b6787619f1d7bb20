using ChildIndex.Contracts.V1;
using ChildIndex.Core.Audit;
using ChildIndex.Core.Identifiers;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace ChildIndex.UnitTests.Audit;

/// <summary>
/// Verification's quick column check against the full parse it stands in for (AuditRow.Of), over
/// generated records of every shape the writer makes and some it never does (non-ASCII text, long
/// values, ids typed every way, times before 1970), with columns and links altered, and with the
/// record's bytes damaged. It may decline (the full parse then decides), but must never vouch for
/// a row the full parse would flag.
/// </summary>
public sealed class StoredAuditColumnsTests
{
    private const int Records = 3_000;

    [Fact]
    public void Match_OnRowsAsTheWriterStoresThem_VouchesForEveryAsciiRecord()
    {
        var random = new Random(20261207);
        var vouched = 0;
        for (var i = 0; i < Records; i++)
        {
            var (record, ascii) = Generate(random, i);
            var (entry, links) = Stored(record);

            var match = StoredAuditColumns.Match(entry, links);

            Assert.True(!match || FullParseAgrees(entry, links), $"record {i} vouched for but the full parse disagrees");
            if (ascii)
            {
                Assert.True(match, $"record {i} is as the writer writes it, in ASCII, yet went the slow way");
            }

            vouched += match ? 1 : 0;
        }

        // Non-ASCII records are about one in six: most go the quick way.
        Assert.InRange(vouched, Records * 3 / 4, Records);
    }

    [Fact]
    public void Match_WithAnAlteredColumnOrLink_NeverVouches()
    {
        var random = new Random(7);
        for (var i = 0; i < Records; i++)
        {
            var (record, _) = Generate(random, i);
            var (entry, links) = Stored(record);
            var alteration = i % 9;
            switch (alteration)
            {
                case 0: entry.TimeUnixMs += random.Next(2) == 0 ? 1 : -1000; break;
                case 1: entry.Action += "x"; break;
                case 2: entry.Outcome = entry.Outcome == "OK" ? "PERMISSION_DENIED" : "OK"; break;
                case 3: entry.ActorSubject = entry.ActorSubject is null ? "someone" : null; break;
                case 4: entry.ActorOrganisation = entry.ActorOrganisation is null ? "XX0001" : entry.ActorOrganisation + "9"; break;
                case 5: links.Add(ChildId.New()); break; // a forged link
                case 6 when links.Count > 0: links.RemoveAt(random.Next(links.Count)); break; // a hidden access
                case 7 when links.Count > 0: links[0] = ChildId.New(); break;
                case 8 when entry.Action.Length > 0: entry.Action = entry.Action[..^1]; break;
                default: continue;
            }

            Assert.False(FullParseAgrees(entry, links), $"alteration {alteration} of record {i} changed nothing");
            Assert.False(StoredAuditColumns.Match(entry, links), $"record {i}: alteration {alteration} vouched for");
        }
    }

    [Fact]
    public void Match_OnDamagedBytes_NeverVouchesForWhatTheFullParseWouldFlag()
    {
        var random = new Random(11);
        var declined = 0;
        for (var i = 0; i < Records; i++)
        {
            var (record, _) = Generate(random, i);
            var (entry, links) = Stored(record);
            var bytes = entry.Record;
            switch (i % 3)
            {
                case 0:
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    entry.Record = bytes[..random.Next(bytes.Length)];
                    break;
                default:
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                    break;
            }

            var match = StoredAuditColumns.Match(entry, links);

            Assert.True(!match || FullParseAgrees(entry, links), $"damaged record {i} vouched for but the full parse disagrees");
            declined += match ? 0 : 1;
        }

        Assert.True(declined > Records / 4, $"only {declined} of {Records} damaged records declined: the test damages too little");
    }

    /// <summary>What verification's full check concludes: true when the row raises no problem (an
    /// unreadable record raises none here: the trail's own check reports it).</summary>
    private static bool FullParseAgrees(AuditEntry stored, IReadOnlyCollection<string> links)
    {
        AuditRow derived;
        try
        {
            derived = AuditRow.Of(AuditRecord.Parser.ParseFrom(stored.Record), stored.Record, []);
        }
        catch (Exception error) when (error is InvalidProtocolBufferException or InvalidOperationException or ArgumentOutOfRangeException)
        {
            return true;
        }

        return stored.TimeUnixMs == derived.TimeUnixMs
            && stored.Action == derived.Action
            && stored.Outcome == derived.Outcome
            && stored.ActorSubject == derived.ActorSubject
            && stored.ActorOrganisation == derived.ActorOrganisation
            && links.ToHashSet(StringComparer.Ordinal).SetEquals(derived.ChildIds);
    }

    private static (AuditEntry Entry, List<string> Links) Stored(AuditRecord record)
    {
        var bytes = record.ToByteArray();
        var row = AuditRow.Of(record, bytes, []);
        var entry = new AuditEntry
        {
            Sequence = row.Sequence,
            TimeUnixMs = row.TimeUnixMs,
            Action = row.Action,
            Outcome = row.Outcome,
            ActorSubject = row.ActorSubject,
            ActorOrganisation = row.ActorOrganisation,
            Record = bytes,
            LeafHash = [],
        };
        return (entry, [.. row.ChildIds]);
    }

    /// <summary>A record of a random shape; <c>Ascii</c> when all its text is ASCII.</summary>
    private static (AuditRecord Record, bool Ascii) Generate(Random random, int sequence)
    {
        var ascii = random.Next(6) != 0;
        string Text(int maxLength)
        {
            var length = random.Next(maxLength + 1);
            var chars = new char[length];
            for (var c = 0; c < length; c++)
            {
                chars[c] = ascii || random.Next(4) != 0 ? (char)random.Next(0x20, 0x7F) : "éıſ€😀"[random.Next(5)];
            }

            return new string(chars);
        }

        var record = new AuditRecord
        {
            Sequence = sequence,
            Action = random.Next(3) switch { 0 => "childindex.v1.ChildDirectory/GetChild", 1 => Text(140), _ => string.Empty },
            Outcome = random.Next(2) == 0 ? "OK" : Text(60),
            TraceId = $"{sequence:x32}",
            RequestId = random.Next(2) == 0 ? string.Empty : Guid.NewGuid().ToString(),
        };
        if (random.Next(8) != 0)
        {
            // Mostly now, sometimes before 1970; whole seconds, whole milliseconds, or nanoseconds that round.
            var seconds = random.Next(4) == 0 ? -random.NextInt64(1, 2_000_000_000) : random.NextInt64(1_700_000_000, 1_900_000_000);
            var nanos = random.Next(3) switch { 0 => 0, 1 => random.Next(1_000) * 1_000_000, _ => random.Next(1_000_000_000) };
            record.Time = new Timestamp { Seconds = seconds, Nanos = nanos };
        }

        if (random.Next(6) != 0)
        {
            record.Actor = new AuditActor
            {
                Subject = random.Next(5) == 0 ? string.Empty : Text(80),
                DisplayName = Text(30),
                OrganisationCode = random.Next(5) == 0 ? string.Empty : Text(16),
                OrganisationName = Text(40),
                Roles = { "practitioner" },
            };
        }

        if (random.Next(3) == 0)
        {
            record.Purpose = new AccessPurpose { Code = AccessPurposeCode.ServiceDelivery };
        }

        var ids = random.Next(4) switch { 0 => 0, 1 => 1, 2 => random.Next(2, 6), _ => random.Next(6, 40) };
        for (var n = 0; n < ids; n++)
        {
            var id = ChildId.New();
            var typed = random.Next(7) switch
            {
                0 => id,
                1 => ChildId.Format(id),
                2 => ChildId.Format(id).ToLowerInvariant(),
                3 => "not-an-id",
                4 => ascii ? id.Replace('1', 'I') : id.Replace('1', 'ı'),
                5 => new string('A', 25),
                _ => $" {ChildId.Format(id)} ",
            };
            (random.Next(2) == 0 ? record.ChildIds : record.ResultChildIds).Add(typed);
            if (random.Next(5) == 0)
            {
                // The same child named twice (a look-up that found it): one link.
                record.ResultChildIds.Add(ChildId.Format(id));
            }
        }

        return (record, ascii);
    }
}

using System.Data.Common;
using System.Globalization;
using ChildIndex.Core.Records;

namespace ChildIndex.Core.Lookup;

/// <summary>
/// A name search's candidate read as SQL, for the providers that read it beside EF Core
/// (<see cref="SqliteSearchReads"/>, <see cref="PostgresSearchReads"/>): what <c>ChildSearch.Candidates</c>
/// projects, each child's other names on rows of their own, ordered by child and then by other name
/// (EF Core gives the other names in whatever order the database returns them). Through EF Core
/// this projection compiled a delegate for every row it read (docs/benchmarks.md, seventh pass).
/// </summary>
internal static class CandidateRows
{
    /// <summary>The statement, with <paramref name="ids"/> the provider's condition that the child's
    /// id is one of an array parameter's, then the archived scope's three parameters.</summary>
    public static string Statement(string ids, string included, string any, string since) => string.Create(CultureInfo.InvariantCulture, $"""
        SELECT c."Id", c."IndexId", c."GivenNames", c."FamilyName", c."Gender", c."DateOfBirth", c."Residence",
            c."Address_Line1" IS NOT NULL AND c."Address_Town" IS NOT NULL AND c."Address_Postcode" IS NOT NULL, c."Address_Town", c."Address_Postcode",
            c."Status", c."Shielded", o."Id", o."Position", o."Kind", o."GivenNames", o."FamilyName"
        FROM "Children" AS c
        LEFT JOIN "OtherNames" AS o ON o."ChildId" = c."Id"
        WHERE {ids} AND c."Status" <> {(int)RecordStatus.Merged}
            AND (c."Status" <> {(int)RecordStatus.Archived} OR ({included} AND ({any} OR (c."ArchivedOn" IS NOT NULL AND c."ArchivedOn" > {since}))))
        ORDER BY c."Id", o."Id"
        """);

    /// <summary>The children of the statement's rows, as EF Core's projection builds them.</summary>
    public static async Task<List<Child>> ReadAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        var children = new List<Child>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetInt64(0);
            if (children.Count == 0 || children[^1].Id != id)
            {
                children.Add(new Child
                {
                    Id = id,
                    IndexId = reader.GetString(1),
                    GivenNames = reader.GetString(2),
                    FamilyName = reader.GetString(3),
                    Gender = (Gender)reader.GetByte(4),
                    DateOfBirth = reader.GetFieldValue<DateOnly>(5),
                    Residence = (ResidenceKind)reader.GetByte(6),
                    Address = reader.GetBoolean(7) ? new Address { Line1 = string.Empty, Town = reader.GetString(8), Postcode = reader.GetString(9) } : null,
                    Status = (RecordStatus)reader.GetByte(10),
                    Shielded = reader.GetBoolean(11),
                });
            }

            if (!reader.IsDBNull(12))
            {
                children[^1].OtherNames.Add(new OtherName
                {
                    Id = reader.GetInt64(12),
                    Position = reader.GetInt32(13),
                    Kind = (OtherNameKind)reader.GetByte(14),
                    GivenNames = reader.GetString(15),
                    FamilyName = reader.GetString(16),
                });
            }
        }

        return children;
    }
}

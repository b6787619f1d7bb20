using System.Security.Cryptography;
using ChildIndex.Contracts.V1;
using ChildIndex.Core.Audit;
using ChildIndex.Core.Identifiers;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace ChildIndex.UnitTests.Audit;

public sealed class PersonalDataSealTests
{
    private static readonly string Amara = ChildId.New();
    private static readonly string Kwame = ChildId.New();

    private static readonly Dictionary<string, AuditKeyMaterial> Keys = new(StringComparer.Ordinal)
    {
        [Amara] = NewKey(),
        [Kwame] = NewKey(),
    };

    [Fact]
    public void Seal_SearchWithTwoResults_HidesCriteriaAndJustification_AndEitherChildsKeyOpensIt()
    {
        var record = Search();

        var sealedRecord = PersonalDataSeal.Seal(record, personalDetail: true, Keys);

        Assert.Null(sealedRecord.Search);
        Assert.Empty(sealedRecord.Purpose.Justification);
        Assert.Equal(AccessPurposeCode.ServiceDelivery, sealedRecord.Purpose.Code);
        Assert.Equal(PersonalData.Sealed, sealedRecord.PersonalData);
        Assert.Equal(2, sealedRecord.Sealed.Keys.Count);
        Assert.True(sealedRecord.ToByteArray().AsSpan().IndexOf("Mensah"u8) < 0);
        foreach (var child in new[] { Amara, Kwame })
        {
            var opened = PersonalDataSeal.Open(sealedRecord, OnlyKeyOf(child));
            Assert.Equal(PersonalData.Opened, opened.PersonalData);
            Assert.Equal("Mensah", opened.Search.Name.FamilyName);
            Assert.Equal("visit to Kwame's home", opened.Purpose.Justification);
            Assert.Null(opened.Sealed);
        }
    }

    [Fact]
    public void Open_WithEveryKeyDestroyed_IsErased_AndKeepsWhoWhenAndWhich()
    {
        var sealedRecord = PersonalDataSeal.Seal(Search(), personalDetail: true, Keys);

        var opened = PersonalDataSeal.Open(sealedRecord, new Dictionary<string, byte[]>());

        Assert.Equal(PersonalData.Erased, opened.PersonalData);
        Assert.Null(opened.Search);
        Assert.Empty(opened.Purpose.Justification);
        Assert.Equal("practitioner-1", opened.Actor.Subject);
        Assert.Equal([Amara, Kwame], opened.ResultChildIds);
    }

    [Fact]
    public void Open_WithANewKeyUnderTheOldId_OrAlteredCiphertext_IsErased()
    {
        var sealedRecord = PersonalDataSeal.Seal(Search(), personalDetail: true, Keys);
        var wrongKeys = Keys.Values.ToDictionary(k => k.KeyId, _ => RandomNumberGenerator.GetBytes(32));
        var altered = sealedRecord.Clone();
        var bytes = altered.Sealed.Ciphertext.ToByteArray();
        bytes[0] ^= 1;
        altered.Sealed.Ciphertext = ByteString.CopyFrom(bytes);

        Assert.Equal(PersonalData.Erased, PersonalDataSeal.Open(sealedRecord, wrongKeys).PersonalData);
        Assert.Equal(PersonalData.Erased, PersonalDataSeal.Open(altered, AllKeys()).PersonalData);
    }

    [Fact]
    public void Seal_DetailOfTheSystemsOwnWords_StaysInClear_AndAPersonsWordsAreSealed()
    {
        var record = new AuditRecord { Action = "childindex.v1.IndexManagement/RunRetention", ChildIds = { Amara }, Detail = "purged: 6 years after archiving", Time = Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch) };

        Assert.False(PersonalDataSeal.HasPersonalPart(record, personalDetail: false));
        Assert.True(PersonalDataSeal.HasPersonalPart(record, personalDetail: true));
        var sealedRecord = PersonalDataSeal.Seal(record, personalDetail: true, Keys);
        Assert.Empty(sealedRecord.Detail);
        Assert.Equal(record.Detail, PersonalDataSeal.Open(sealedRecord, AllKeys()).Detail);
    }

    [Fact]
    public void Seal_ARecordNamingNoChildTheIndexHolds_IsWrappedUnderItsMonthsKey()
    {
        var month = NewKey();
        var keys = new Dictionary<string, AuditKeyMaterial>(Keys, StringComparer.Ordinal) { ["month:2026-12"] = month };
        var unknown = new AuditRecord
        {
            Search = new SearchChildrenRequest { NhsNumber = "9434765919" },
            ResultChildIds = { ChildId.Format(ChildId.New()) },
            Time = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 31, 23, 59, 0, TimeSpan.Zero)),
        };

        var sealedRecord = PersonalDataSeal.Seal(unknown, personalDetail: true, keys);

        Assert.Equal(month.KeyId, Assert.Single(sealedRecord.Sealed.Keys).KeyId);
        Assert.Equal("9434765919", PersonalDataSeal.Open(sealedRecord, new Dictionary<string, byte[]> { [month.KeyId] = month.Key }).Search.NhsNumber);
        Assert.Equal([Amara], PersonalDataSeal.ChildSubjects(new AuditRecord { ChildIds = { ChildId.Format(Amara), "not-an-id" }, ResultChildIds = { Amara.ToLowerInvariant() } }));
    }

    private static AuditRecord Search() => new()
    {
        Sequence = 41,
        Time = Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch),
        Action = "childindex.v1.ChildDirectory/SearchChildren",
        Outcome = "OK",
        Actor = new AuditActor { Subject = "practitioner-1" },
        Purpose = new AccessPurpose { Code = AccessPurposeCode.ServiceDelivery, Justification = "visit to Kwame's home" },
        Search = new SearchChildrenRequest { Name = new NameSearch { FamilyName = "Mensah", GivenName = "Kwame" } },
        ResultChildIds = { Amara, Kwame },
    };

    private static AuditKeyMaterial NewKey() => new(Convert.ToHexString(RandomNumberGenerator.GetBytes(8)), RandomNumberGenerator.GetBytes(32));

    private static Dictionary<string, byte[]> AllKeys() => Keys.Values.ToDictionary(k => k.KeyId, k => k.Key);

    private static Dictionary<string, byte[]> OnlyKeyOf(string child) => new() { [Keys[child].KeyId] = Keys[child].Key };
}

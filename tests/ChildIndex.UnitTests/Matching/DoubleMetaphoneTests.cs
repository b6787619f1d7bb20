using ChildIndex.Core.Matching;

namespace ChildIndex.UnitTests.Matching;

public sealed class DoubleMetaphoneTests
{
    [Theory]
    [InlineData("Smith", "SM0", "XMT")]
    [InlineData("Schmidt", "XMT", "SMT")]
    [InlineData("Catherine", "K0RN", "KTRN")]
    [InlineData("Thomas", "TMS", null)]
    [InlineData("Thomson", "TMSN", null)]
    [InlineData("Thompson", "TMPS", "TMSN")]
    [InlineData("Mohammed", "MHMT", null)]
    [InlineData("Knight", "NT", null)]
    [InlineData("Philips", "FLPS", null)]
    [InlineData("Xavier", "SF", "SFR")]
    [InlineData("Michael", "MKL", "MXL")]
    [InlineData("Wasserman", "ASRM", "FSRM")]
    [InlineData("Filipowicz", "FLPT", "FLPF")]
    [InlineData("Laugh", "LF", null)]
    [InlineData("Hugh", "H", null)]
    [InlineData("Jose", "HS", null)]
    [InlineData("Siobhan", "SPN", "XPN")]
    [InlineData("Czerny", "SRN", "XRN")]
    [InlineData("Edge", "AJ", null)]
    [InlineData("Campbell", "KMPL", null)]
    public void Encode_GivesThePublishedCodes(string name, string primary, string? alternate) =>
        Assert.Equal(new PhoneticCode(primary, alternate), DoubleMetaphone.Encode(name));

    [Theory]
    [InlineData("Smith", "Smyth")]
    [InlineData("Smith", "Schmidt")]
    [InlineData("Catherine", "Kathryn")]
    [InlineData("Thompson", "Thomson")]
    [InlineData("Mohammed", "Muhammad")]
    [InlineData("Stephen", "Steven")]
    [InlineData("Geoffrey", "Jeffrey")]
    [InlineData("Philip", "Phillip")]
    [InlineData("Nguyen", "Nguyễn")]
    [InlineData("Climbié", "Climbie")]
    [InlineData("Chowdhury", "Choudhury")]
    [InlineData("Hussain", "Hussein")]
    [InlineData("Mahmood", "Mahmud")]
    [InlineData("Zoë", "Zoe")]
    public void Encode_GivesNamesThatSoundAlikeACommonCode(string first, string second) =>
        Assert.True(DoubleMetaphone.Encode(first).SharesAnyCode(DoubleMetaphone.Encode(second)),
            $"{first} {DoubleMetaphone.Encode(first)} and {second} {DoubleMetaphone.Encode(second)}");

    [Theory]
    [InlineData("Smith", "Jones")]
    [InlineData("Mensah", "Okafor")]
    [InlineData("Patel", "Khan")]
    public void Encode_KeepsDifferentNamesApart(string first, string second) =>
        Assert.False(DoubleMetaphone.Encode(first).SharesAnyCode(DoubleMetaphone.Encode(second)));

    [Fact]
    public void Encode_IgnoresCaseAccentsAndPunctuation() =>
        Assert.Equal(DoubleMetaphone.Encode("O'BRIEN"), DoubleMetaphone.Encode("o brién"));

    [Fact]
    public void Encode_CutsCodesToFourSounds() =>
        Assert.All(DoubleMetaphone.Encode("Papadopoulos").Codes(), code => Assert.True(code.Length <= DoubleMetaphone.CodeLength));

    [Theory]
    [InlineData("")]
    [InlineData("Ωμέγα")]
    public void Encode_OfANameWithoutLatinLetters_IsEmpty(string name) => Assert.True(DoubleMetaphone.Encode(name).IsEmpty);
}

using ChildIndex.Core.Identifiers;

namespace ChildIndex.UnitTests.Identifiers;

public sealed class NationalIdentifierTests
{
    [Theory]
    [InlineData("9434765919", "9434765919")]
    [InlineData("943 476 5919", "9434765919")]
    [InlineData("943-476-5919", "9434765919")]
    [InlineData("4010232137", "4010232137")]
    public void NhsNumber_WithValidCheckDigit_IsAccepted(string input, string expected)
    {
        Assert.True(NhsNumber.TryParse(input, out var canonical));
        Assert.Equal(expected, canonical);
    }

    [Theory]
    [InlineData("9434765918")] // wrong check digit
    [InlineData("1234567890")] // remainder gives check value 10: no valid number
    [InlineData("943476591")]
    [InlineData("94347659190")]
    [InlineData("943476591X")]
    [InlineData("")]
    public void NhsNumber_Invalid_IsRefused(string input) => Assert.False(NhsNumber.TryParse(input, out _));

    [Theory]
    // A school-census help page works this example to Q, but its sum (267) is off by one: 266 gives P.
    [InlineData("P207000016049")]
    [InlineData("B801200005001")]
    [InlineData("b801200005001")]
    public void Upn_WithValidCheckLetter_IsAccepted(string input)
    {
        Assert.True(UniquePupilNumber.TryParse(input, out var canonical));
        Assert.Equal(input.ToUpperInvariant(), canonical);
    }

    [Fact]
    public void Upn_Temporary_WithFinalLetter_IsAccepted()
    {
        // Temporary UPNs end in a letter, counted at its position in the check-letter table.
        const string letters = "ABCDEFGHJKLMNPQRTUVWXYZ";
        var body = "80120000500";
        var sum = body.Select((c, i) => (c - '0') * (i + 2)).Sum() + (letters.IndexOf('C', StringComparison.Ordinal) * 13);
        var upn = letters[sum % 23] + body + "C";

        Assert.True(UniquePupilNumber.TryParse(upn, out _), upn);
    }

    [Theory]
    [InlineData("B207000016049")] // wrong check letter (DfE's example of an error)
    [InlineData("A801200005001")]
    [InlineData("B80120000500")]
    [InlineData("X80120000A001")]
    [InlineData("B80120000500S")] // S is never used
    public void Upn_Invalid_IsRefused(string input) => Assert.False(UniquePupilNumber.TryParse(input, out _));

    [Theory]
    [InlineData("SW1A 1AA", "SW1A 1AA")]
    [InlineData("sw1a1aa", "SW1A 1AA")]
    [InlineData("LS6 2AB", "LS6 2AB")]
    [InlineData("M1 1AE", "M1 1AE")]
    [InlineData("B33 8TH", "B33 8TH")]
    [InlineData("CR2 6XH", "CR2 6XH")]
    [InlineData("DN55 1PT", "DN55 1PT")]
    [InlineData("EC1A 1BB", "EC1A 1BB")]
    [InlineData("W1A 0AX", "W1A 0AX")]
    public void Postcode_InUkFormat_IsNormalised(string input, string expected)
    {
        Assert.True(Postcode.TryParse(input, out var canonical));
        Assert.Equal(expected, canonical);
        Assert.Equal(expected[..expected.IndexOf(' ', StringComparison.Ordinal)], Postcode.OutwardCode(canonical));
    }

    [Theory]
    [InlineData("")]
    [InlineData("SW1A")]
    [InlineData("1AA SW1")]
    [InlineData("QQ1 1AA")] // Q is never a first letter
    [InlineData("SW1A 1AC")] // C is never in the inward code
    [InlineData("SW1A 1AA X")]
    [InlineData("LS6 2A*")]
    public void Postcode_NotInUkFormat_IsRefused(string input) => Assert.False(Postcode.TryParse(input, out _));
}

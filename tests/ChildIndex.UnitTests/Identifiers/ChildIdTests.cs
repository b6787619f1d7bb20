using ChildIndex.Core.Identifiers;

namespace ChildIndex.UnitTests.Identifiers;

public sealed class ChildIdTests
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    [Fact]
    public void New_IssuesIdentifiersThatParseBackToThemselves()
    {
        for (var i = 0; i < 1000; i++)
        {
            var id = ChildId.New();

            Assert.True(ChildId.TryParse(id, out var canonical), id);
            Assert.Equal(id, canonical);
            Assert.True(ChildId.TryParse(ChildId.Format(id), out _));
        }
    }

    [Fact]
    public void TheDocumentedExample_PassesItsCheckCharacter_AndItsTypoDoesNot()
    {
        // The example in README.md and in the INVALID_ARGUMENT description for a malformed id.
        Assert.True(ChildId.TryParse("K7Q2-M9XD-7", out _));
        Assert.False(ChildId.TryParse("K7Q2-M9XD-4", out _));
    }

    [Fact]
    public void TryParse_AcceptsIdentifiersAsPeopleTypeThem()
    {
        var id = ChildId.New();
        var typed = ChildId.Format(id).ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal);

        Assert.True(ChildId.TryParse(typed, out var canonical));
        Assert.Equal(id, canonical);
    }

    [Fact]
    public void TryParse_ReadsIAndLAsOneAndOAsZero()
    {
        var id = NewIdContaining('1', '0');
        var typed = id.Replace('1', 'l').Replace('0', 'O');

        Assert.True(ChildId.TryParse(typed, out var canonical));
        Assert.Equal(id, canonical);
    }

    [Fact]
    public void TryParse_RefusesEverySingleCharacterTypo()
    {
        var id = ChildId.New();
        for (var position = 0; position < id.Length; position++)
        {
            foreach (var replacement in Alphabet.Where(c => c != id[position]))
            {
                var typo = id[..position] + replacement + id[(position + 1)..];
                Assert.False(ChildId.TryParse(typo, out _), $"{typo} (from {id}) was accepted");
            }
        }
    }

    [Fact]
    public void TryParse_RefusesSwappedAdjacentCharacters()
    {
        var refused = 0;
        var swaps = 0;
        for (var i = 0; i < 200; i++)
        {
            var id = ChildId.New();
            for (var position = 0; position < id.Length - 1; position++)
            {
                if (id[position] == id[position + 1])
                {
                    continue;
                }

                swaps++;
                var swapped = id[..position] + id[position + 1] + id[position] + id[(position + 2)..];
                refused += ChildId.TryParse(swapped, out _) ? 0 : 1;
            }
        }

        // Luhn mod N misses only swaps of two characters whose values sum to N-1 when doubled
        // apart (one pair in 32): nearly every transposition is caught.
        Assert.True(refused >= swaps * 0.95, $"{refused} of {swaps} swaps refused");
    }

    [Theory]
    [InlineData("")]
    [InlineData("ABCD-EFGH")]
    [InlineData("ABCD-EFGH-JK")]
    [InlineData("ABCU-EFGH-J")]
    [InlineData("%%%%-%%%%-%")]
    [InlineData("ABCDEFGHJKMNPQRSTVWXYZ0123456789")]
    public void TryParse_RefusesMalformedInput(string input) => Assert.False(ChildId.TryParse(input, out _));

    private static string NewIdContaining(char a, char b)
    {
        while (true)
        {
            var id = ChildId.New();
            if (id.Contains(a, StringComparison.Ordinal) && id.Contains(b, StringComparison.Ordinal))
            {
                return id;
            }
        }
    }
}

using ChildIndex.Core.Identifiers;
using ChildIndex.Core.Validation;
using ChildIndex.SyntheticData;
using ChildIndex.Common.Errors;

namespace ChildIndex.UnitTests.SyntheticData;

/// <summary>Every entry of the generator's tables, including those a sample may never draw.</summary>
public sealed class TablesTests
{
    [Fact]
    public void Names_EveryTableEntryAndVariant_PassesServerNameRules()
    {
        var names = Names.Origins
            .SelectMany(o => o.Boys.Concat(o.Girls).Concat(o.Families).Concat(o.GirlFamilies).Concat(o.WifeFamilies))
            .Select(n => n.Text)
            .Concat(Names.Variants.Keys)
            .Concat(Names.Variants.Values.SelectMany(v => v));

        var violations = new Violations();
        foreach (var name in names)
        {
            var stored = FieldRules.PersonName(name, name, violations);
            Assert.True(stored is null || stored == name, $"'{name}' is not NFC-normalised");
        }

        Assert.Empty(violations.Items);
    }

    [Fact]
    public void Names_GenderedFamilyNames_TakeTheirFeminineForms()
    {
        var polish = Names.Origins.Single(o => o.Key == "Polish");
        var lithuanian = Names.Origins.Single(o => o.Key == "Lithuanian");
        var greek = Names.Origins.Single(o => o.Key == "Greek");

        Assert.Equal("Kowalska", Feminine(polish, "Kowalski", polish.GirlFamilies));
        Assert.Equal("Nowak", Feminine(polish, "Nowak", polish.WifeFamilies));
        Assert.Equal("Kazlauskaitė", Feminine(lithuanian, "Kazlauskas", lithuanian.GirlFamilies));
        Assert.Equal("Kazlauskienė", Feminine(lithuanian, "Kazlauskas", lithuanian.WifeFamilies));
        Assert.Equal("Stankevičiūtė", Feminine(lithuanian, "Stankevičius", lithuanian.GirlFamilies));
        Assert.Equal("Papadopoulou", Feminine(greek, "Papadopoulos", greek.GirlFamilies));
        Assert.Equal("Georgiou", Feminine(greek, "Georgiou", greek.GirlFamilies));
    }

    [Fact]
    public void Names_Slugs_AreLowerCaseAscii()
    {
        Assert.Equal("lucja", Names.Slug("Łucja"));
        Assert.Equal("nguyen", Names.Slug("Nguyễn"));
        Assert.Equal("dang", Names.Slug("Đặng"));
        Assert.Equal("yilmaz", Names.Slug("Yılmaz"));
        Assert.Equal("obrien", Names.Slug("O'Brien"));
        Assert.Equal("Siobhan", Names.Fold("Siobhán"));
    }

    [Fact]
    public void Places_EveryPostcodeDistrictAndTown_PassesServerRules()
    {
        var violations = new Violations();
        foreach (var area in Places.Areas)
        {
            FieldRules.Town(area.PostTown, area.Name, violations);
            foreach (var outward in area.Outward)
            {
                Assert.True(Postcode.TryParse($"{outward} 9ZZ", out _), $"{outward} ({area.Name}) makes no valid postcode");
            }
        }

        foreach (var stem in Places.Stems)
        {
            FieldRules.AddressLine($"12 {stem} Road", stem, violations);
            FieldRules.ServiceText($"{stem} Church of England Primary School", stem, violations, FieldRules.OrganisationNameMaxLength);
        }

        Assert.Empty(violations.Items);
        Assert.Equal(Places.Areas.Length, Places.Areas.Select(a => a.Code).Distinct().Count());
    }

    [Theory]
    [InlineData(1000UL)]
    [InlineData(10_000_000UL)]
    public void Scramble_WithReservedValues_StaysABijectionAvoidingThem(ulong modulus)
    {
        ulong[] reserved = [5, 17, modulus - 1];
        var scramble = new Scramble(modulus, key: 42, showcaseCount: 3, reserved);

        var seen = new System.Collections.BitArray(checked((int)modulus));
        foreach (var value in reserved)
        {
            seen[(int)value] = true;
        }

        for (var index = 3UL; index < modulus; index++)
        {
            var value = scramble.Value(index);
            Assert.True(value < modulus, $"{value} is out of range");
            Assert.False(seen[(int)value], $"index {index} drew {value}, already taken");
            seen[(int)value] = true;
        }
    }

    [Fact]
    public void NhsNumbers_Format_AlwaysHasAValidCheckDigit()
    {
        for (var payload = 0UL; payload < 100_000; payload += 7)
        {
            var number = NhsNumbers.Format('9', payload);
            Assert.True(NhsNumber.TryParse(number, out _), number);
        }
    }

    private static string Feminine(Origin origin, string masculine, Name[] forms) =>
        forms[Array.FindIndex(origin.Families, f => f.Text == masculine)].Text;
}

using ChildIndex.Core.Validation;
using Google.Type;
using ChildIndex.Common.Errors;

namespace ChildIndex.UnitTests.Validation;

public sealed class FieldRulesTests
{
    [Theory]
    [InlineData("Zoë", "Zoë")]
    [InlineData("Siobhán Áine", "Siobhán Áine")]
    [InlineData("  Anna   Marie ", "Anna Marie")]
    [InlineData("O'Brien", "O'Brien")]
    [InlineData("D’Souza", "D’Souza")]
    [InlineData("Okafor-Davies", "Okafor-Davies")]
    [InlineData("Nguyễn", "Nguyễn")]
    [InlineData("Łucja", "Łucja")]
    public void PersonName_OfLettersSpacesHyphensApostrophes_IsAcceptedAndTidied(string input, string expected)
    {
        var violations = new Violations();

        Assert.Equal(expected, FieldRules.PersonName(input, "name", violations));
        Assert.False(violations.Any);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Smith2")]
    [InlineData("Smith; seen at A&E")]
    [InlineData("Smith\nconcerns")]
    [InlineData("-Smith")]
    [InlineData("Sm*th")]
    [InlineData("Sm%")]
    public void PersonName_WithOtherCharacters_IsRefused(string input)
    {
        var violations = new Violations();

        Assert.Null(FieldRules.PersonName(input, "name", violations));
        Assert.Equal("name", Assert.Single(violations.Items).Field);
    }

    [Fact]
    public void PersonName_LongerThanLimit_IsRefused()
    {
        var violations = new Violations();

        Assert.Null(FieldRules.PersonName(new string('a', FieldRules.NameMaxLength + 1), "name", violations));
        Assert.NotNull(FieldRules.PersonName(new string('a', FieldRules.NameMaxLength), "name", violations));
        Assert.Single(violations.Items);
    }

    [Theory]
    [InlineData("07700 900123")]
    [InlineData("+44 113 496 0000")]
    [InlineData("(0113) 496 0000")]
    [InlineData("0113-496-0000")]
    public void Phone_WithTenToFifteenDigits_IsAccepted(string input)
    {
        var violations = new Violations();

        Assert.Equal(input, FieldRules.Phone(input, "phone", violations));
        Assert.False(violations.Any);
    }

    [Theory]
    [InlineData("123")]
    [InlineData("call after 6pm")]
    [InlineData("0770090012345678")]
    [InlineData("07700 900123 ext 4")]
    public void Phone_NotAPhoneNumber_IsRefused(string input)
    {
        var violations = new Violations();

        Assert.Null(FieldRules.Phone(input, "phone", violations));
        Assert.True(violations.Any);
    }

    [Theory]
    [InlineData("jo.bloggs@school.example.sch.uk", true)]
    [InlineData("a+b@example.org", true)]
    [InlineData("not-an-email", false)]
    [InlineData("two@@example.org", false)]
    [InlineData("spaces in@example.org", false)]
    public void Email_IsCheckedForFormat(string input, bool accepted)
    {
        var violations = new Violations();

        Assert.Equal(accepted, FieldRules.Email(input, "email", violations) is not null);
        Assert.Equal(!accepted, violations.Any);
    }

    [Theory]
    [InlineData(2024, 2, 29, true)]
    [InlineData(2023, 2, 29, false)]
    [InlineData(2024, 13, 1, false)]
    [InlineData(2024, 4, 31, false)]
    [InlineData(2024, 0, 10, false)]
    public void Date_MustBeARealCalendarDate(int year, int month, int day, bool accepted)
    {
        var violations = new Violations();

        var date = FieldRules.Date(new Date { Year = year, Month = month, Day = day }, "date", violations, required: true);

        Assert.Equal(accepted, date is not null);
        Assert.Equal(!accepted, violations.Any);
    }

    [Fact]
    public void Date_Missing_IsRefusedOnlyWhenRequired()
    {
        var violations = new Violations();

        Assert.Null(FieldRules.Date(null, "optional", violations, required: false));
        Assert.False(violations.Any);
        Assert.Null(FieldRules.Date(new Date(), "required", violations, required: true));
        Assert.Equal("required", Assert.Single(violations.Items).Field);
    }

    [Theory]
    [InlineData("0b6f6f4e-2c1e-4d5b-9a43-5e0c9b1f2a77", true)]
    [InlineData("", false)]
    [InlineData("not-a-uuid", false)]
    [InlineData("00000000-0000-0000-0000-000000000000", false)]
    public void RequestId_MustBeAUuid(string input, bool accepted)
    {
        var violations = new Violations();

        Assert.Equal(accepted, FieldRules.RequestId(input, "request_id", violations) is not null);
        Assert.Equal(!accepted, violations.Any);
    }
}

using ChildIndex.Identity.Core.Accounts;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Time.Testing;
using OtpNet;

namespace ChildIndex.UnitTests.Identity;

public sealed class TotpAuthenticatorTests
{
    // Five seconds into a 30-second step.
    private static readonly DateTimeOffset Start = new(2026, 6, 15, 10, 0, 5, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly TotpAuthenticator _totp;
    private readonly string _secret;
    private readonly User _user;

    public TotpAuthenticatorTests()
    {
        _totp = new TotpAuthenticator(new EphemeralDataProtectionProvider(), _time);
        (_secret, var protectedSecret) = _totp.NewSecret();
        _user = new User
        {
            Username = "pat.practitioner",
            DisplayName = "Pat Okoro",
            OrganisationCode = "LS1234",
            OrganisationName = "Hyde Park Primary School",
            Roles = "practitioner",
            PasswordHash = "unused",
            ProtectedTotpSecret = protectedSecret,
        };
    }

    private static long CurrentStep => Start.ToUnixTimeSeconds() / 30;

    [Fact]
    public void Verify_CurrentCode_ReturnsTheCurrentStep()
    {
        Assert.Equal(CurrentStep, _totp.Verify(_user, CodeAt(Start)));
    }

    [Fact]
    public void Verify_CurrentCode_IsAcceptedOnce_ASecondUseOfTheSameStepIsRefused()
    {
        var code = CodeAt(Start);

        var first = _totp.Verify(_user, code);
        _user.LastTotpStep = first!.Value; // as SignInService records it
        _time.Advance(TimeSpan.FromSeconds(10)); // still the same step
        var second = _totp.Verify(_user, code);

        Assert.NotNull(first);
        Assert.Null(second);
    }

    [Fact]
    public void Verify_CodeOfThePreviousOrNextStep_IsAcceptedForClockDrift()
    {
        Assert.Equal(CurrentStep - 1, _totp.Verify(_user, CodeAt(Start.AddSeconds(-30))));
        Assert.Equal(CurrentStep + 1, _totp.Verify(_user, CodeAt(Start.AddSeconds(30))));
    }

    [Fact]
    public void Verify_CodeTwoStepsAwayEitherWay_IsRefused()
    {
        Assert.Null(_totp.Verify(_user, CodeAt(Start.AddSeconds(-60))));
        Assert.Null(_totp.Verify(_user, CodeAt(Start.AddSeconds(60))));
    }

    [Fact]
    public void Verify_CodeOlderThanTheLastAcceptedStep_IsRefusedEvenWithinTheDriftWindow()
    {
        _user.LastTotpStep = CurrentStep;

        Assert.Null(_totp.Verify(_user, CodeAt(Start.AddSeconds(-30))));
        Assert.Equal(CurrentStep + 1, _totp.Verify(_user, CodeAt(Start.AddSeconds(30))));
    }

    [Fact]
    public void Verify_AfterTheNextStepWasUsed_TheCurrentCodeIsRefused()
    {
        _user.LastTotpStep = CurrentStep + 1;

        Assert.Null(_totp.Verify(_user, CodeAt(Start)));
    }

    [Fact]
    public void Verify_NewCodeOnceTimeHasMovedOn_IsAccepted()
    {
        _user.LastTotpStep = _totp.Verify(_user, CodeAt(Start))!.Value;
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(CurrentStep + 1, _totp.Verify(_user, CodeAt(_time.GetUtcNow())));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12a456")]
    [InlineData("123 45")]
    [InlineData("١٢٣٤٥٦")] // Arabic-Indic digits are digits, but not ASCII ones
    public void Verify_MalformedCode_IsRefused(string? code)
    {
        Assert.Null(_totp.Verify(_user, code));
    }

    [Fact]
    public void Verify_MalformedVariantsOfTheRightCode_AreRefused()
    {
        var code = CodeAt(Start);

        Assert.Null(_totp.Verify(_user, code[..5]));
        Assert.Null(_totp.Verify(_user, code + "0"));
        Assert.Null(_totp.Verify(_user, $"{code[..3]} {code[3..]}"));
    }

    [Fact]
    public void Verify_RightCodeWithSurroundingSpaces_IsAccepted()
    {
        Assert.Equal(CurrentStep, _totp.Verify(_user, $" {CodeAt(Start)} "));
    }

    [Fact]
    public void Verify_CodeOfAnotherSecret_IsRefused()
    {
        var other = _totp.NewSecret().Base32;

        Assert.Null(_totp.Verify(_user, new Totp(Base32Encoding.ToBytes(other)).ComputeTotp(Start.UtcDateTime)));
    }

    [Fact]
    public void NewSecret_IsStoredOnlyProtected()
    {
        var (base32, protectedSecret) = _totp.NewSecret();

        Assert.Equal(20, Base32Encoding.ToBytes(base32).Length);
        Assert.DoesNotContain(base32, protectedSecret, StringComparison.Ordinal);
        Assert.NotEqual(_secret, base32);
    }

    [Fact]
    public void Uri_IsAnOtpauthUriAuthenticatorAppsRead()
    {
        var uri = TotpAuthenticator.Uri("pat.practitioner", "JBSWY3DPEHPK3PXP");

        Assert.Equal("otpauth://totp/ChildIndex:pat.practitioner?secret=JBSWY3DPEHPK3PXP&issuer=ChildIndex&algorithm=SHA1&digits=6&period=30", uri);
    }

    private string CodeAt(DateTimeOffset time) => new Totp(Base32Encoding.ToBytes(_secret)).ComputeTotp(time.UtcDateTime);
}

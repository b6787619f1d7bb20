using ChildIndex.Identity.Core.Events;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.UnitTests.Identity;

/// <summary>The AuthEventFeed's contract keeps the identity store's kinds: the directory names its
/// audit records after them ("identity/SignInSucceeded").</summary>
public sealed class AuthEventFeedReaderTests
{
    public static TheoryData<AuthEventKind> Kinds => [.. Enum.GetValues<AuthEventKind>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryKind_IsAContractKindOfTheSameName(AuthEventKind kind)
    {
        var contract = AuthEventFeedReader.ToContract(new AuthEvent { Id = 1, Kind = kind, Time = DateTimeOffset.UnixEpoch });

        Assert.True(Enum.IsDefined(contract.Kind), $"{kind} has no contract value");
        Assert.Equal(kind.ToString(), contract.Kind.ToString());
    }

    [Fact]
    public void AnEventWithoutOptionalFields_GoesOutWithEmptyStrings_AndEveryFieldItHas()
    {
        var time = new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

        var bare = AuthEventFeedReader.ToContract(new AuthEvent { Id = 7, Kind = AuthEventKind.SignInFailed, Time = time, Username = "nobody.here" });
        var full = AuthEventFeedReader.ToContract(new AuthEvent
        {
            Id = 8, Kind = AuthEventKind.UserSuspended, Time = time, Subject = "user-1", ClientId = "client-1",
            Actor = "admin-1", ClientAddress = "10.0.0.1", Detail = "left",
        });

        Assert.Equal(new V1.AuthEvent { Id = 7, Kind = V1.AuthEventKind.SignInFailed, Time = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(time), Username = "nobody.here" }, bare);
        Assert.Equal(("user-1", "client-1", "admin-1", "10.0.0.1", "left"), (full.Subject, full.ClientId, full.Actor, full.ClientAddress, full.Detail));
    }
}

using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Infrastructure;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;

namespace ChildIndex.IntegrationTests.Identity;

/// <summary>The IdentityAdmin gRPC API over the identity server's own host, with real tokens.</summary>
public sealed class IdentityAdminApiTests
{
    private static Vetting CurrentVetting => IdentityServer.CurrentVetting(DateOnly.FromDateTime(DateTime.UtcNow));

    [Fact]
    public async Task AdminApi_WithoutAToken_IsUnauthenticated()
    {
        var server = await IdentityServer.Shared;
        using var channel = IdentityTestKit.AdminChannel(server, token: null);

        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => new IdentityAdmin.IdentityAdminClient(channel).ListUsersAsync(new ListUsersRequest()).ResponseAsync);
    }

    [Fact]
    public async Task AdminPort_AnswersHealthWithoutAToken_AndListsItsServicesByReflection()
    {
        var server = await IdentityServer.Shared;
        using var channel = IdentityTestKit.AdminChannel(server, token: null);

        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
        using var call = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.Contains("childindex.v1.IdentityAdmin", services);
        Assert.Contains("grpc.health.v1.Health", services);
    }

    [Fact]
    public async Task AdminApi_MalformedRequest_IsInvalidArgumentNamingTheMessage()
    {
        var server = await IdentityServer.Shared;
        using var channel = IdentityTestKit.AdminChannel(server, await server.TokenForRoleAsync(Roles.IdentityAdmin));
        var method = new Method<byte[], byte[]>(MethodType.Unary, "childindex.v1.IdentityAdmin", "ListUsers",
            Marshallers.Create(b => b, b => b), Marshallers.Create(b => b, b => b));

        var error = await RpcAssert.FailsWith(StatusCode.InvalidArgument,
            () => channel.CreateCallInvoker().AsyncUnaryCall(method, null, new CallOptions(), [0x0F, 0xAB]).ResponseAsync);

        Assert.Contains("childindex.v1.ListUsersRequest", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminApi_WithAForgedToken_IsUnauthenticated()
    {
        var server = await IdentityServer.Shared;
        using var channel = IdentityTestKit.AdminChannel(server, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");

        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => new IdentityAdmin.IdentityAdminClient(channel).ListUsersAsync(new ListUsersRequest()).ResponseAsync);
    }

    [Fact]
    public async Task AdminApi_WithAPractitionersToken_IsPermissionDenied()
    {
        var server = await IdentityServer.Shared;
        using var channel = IdentityTestKit.AdminChannel(server, await server.TokenForRoleAsync(Roles.Practitioner));
        var admin = new IdentityAdmin.IdentityAdminClient(channel);

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => admin.ListUsersAsync(new ListUsersRequest()).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => admin.EnrolUserAsync(EnrolRequest(Roles.IdentityAdmin)).ResponseAsync);
    }

    [Fact]
    public async Task AdminApi_WithAnIdentityAdminsTokenWithoutTheIdentityAdminScope_IsPermissionDenied()
    {
        var server = await IdentityServer.Shared;
        var administrator = await server.CreateUserAsync(Roles.IdentityAdmin, "LCC");
        var token = await server.SignInAsync(administrator, "openid offline_access directory");
        using var channel = IdentityTestKit.AdminChannel(server, token.AccessToken);

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => new IdentityAdmin.IdentityAdminClient(channel).ListUsersAsync(new ListUsersRequest()).ResponseAsync);
    }

    [Fact]
    public async Task EnrolUser_ReturnsAPasswordAndTotpSecret_WithWhichTheNewUserSignsIn()
    {
        var server = await IdentityServer.Shared;
        using var channel = await AdminChannelAsync(server);
        var admin = new IdentityAdmin.IdentityAdminClient(channel);
        var request = EnrolRequest(Roles.Practitioner);

        var enrolled = await admin.EnrolUserAsync(request);
        var token = await server.SignInAsync(new TestUser(enrolled.User.Username, enrolled.InitialPassword, enrolled.TotpSecret, Roles.Practitioner, "LS1234"));

        Assert.Equal(request.Username, enrolled.User.Username);
        Assert.Equal(AccountStatus.Active, enrolled.User.Status);
        Assert.True(enrolled.User.VettingCurrent);
        Assert.Equal([Roles.Practitioner], enrolled.User.Roles);
        Assert.Equal(20, enrolled.InitialPassword.Length);
        Assert.StartsWith("otpauth://totp/ChildIndex:", enrolled.TotpUri, StringComparison.Ordinal);
        Assert.Contains(enrolled.TotpSecret, enrolled.TotpUri, StringComparison.Ordinal);
        Assert.NotNull(token.AccessToken);
        Assert.Equal(enrolled.User.UserId, IdentityTestKit.Payload(token.AccessToken).GetProperty("sub").GetString());
    }

    [Fact]
    public async Task RecordVetting_MakesAnUnvettedUserAbleToSignIn()
    {
        var server = await IdentityServer.Shared;
        using var channel = await AdminChannelAsync(server);
        var admin = new IdentityAdmin.IdentityAdminClient(channel);
        var request = EnrolRequest(Roles.Practitioner);
        request.Vetting = null;
        var enrolled = await admin.EnrolUserAsync(request);

        var unvetted = await IdentityTestKit.LoginAsync(server, enrolled.User.Username, enrolled.InitialPassword, IdentityServer.CurrentCode(enrolled.TotpSecret));
        var vetted = await admin.RecordVettingAsync(new RecordVettingRequest { Username = enrolled.User.Username, Vetting = CurrentVetting });
        var signedIn = await IdentityTestKit.LoginAsync(server, enrolled.User.Username, enrolled.InitialPassword, IdentityTestKit.NextCode(enrolled.TotpSecret));

        Assert.False(enrolled.User.VettingCurrent);
        Assert.False(unvetted.SignedIn);
        Assert.Contains("DBS", unvetted.Error, StringComparison.Ordinal);
        Assert.True(vetted.VettingCurrent);
        Assert.NotNull(vetted.VettingExpiresOn);
        Assert.Equal("001234567890", vetted.Vetting.DbsCertificateReference);
        Assert.True(signedIn.SignedIn, signedIn.Error);
    }

    [Fact]
    public async Task RecordVetting_WithAFutureDateOrBadReference_IsInvalidArgument()
    {
        var server = await IdentityServer.Shared;
        using var channel = await AdminChannelAsync(server);
        var admin = new IdentityAdmin.IdentityAdminClient(channel);
        var enrolled = await admin.EnrolUserAsync(EnrolRequest(Roles.Practitioner));
        var vetting = CurrentVetting;
        vetting.DbsCheckDate = IdentityServer.Date(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2));
        vetting.DbsCertificateReference = "12AB";

        var error = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => admin.RecordVettingAsync(new RecordVettingRequest { Username = enrolled.User.Username, Vetting = vetting }).ResponseAsync);

        Assert.Equal(["vetting.dbs_check_date", "vetting.dbs_certificate_reference"], RpcAssert.ViolatedFields(error));
        Assert.True((await admin.GetUserAsync(new GetUserRequest { Username = enrolled.User.Username })).VettingCurrent);
    }

    [Fact]
    public async Task ResetTwoFactor_OldSecretStopsWorking_NewOneWorks()
    {
        var server = await IdentityServer.Shared;
        using var channel = await AdminChannelAsync(server);
        var admin = new IdentityAdmin.IdentityAdminClient(channel);
        var enrolled = await admin.EnrolUserAsync(EnrolRequest(Roles.Practitioner));
        var before = await IdentityTestKit.LoginAsync(server, enrolled.User.Username, enrolled.InitialPassword, IdentityServer.CurrentCode(enrolled.TotpSecret));

        var reset = await admin.ResetTwoFactorAsync(new ResetTwoFactorRequest { Username = enrolled.User.Username });
        var oldSecret = await IdentityTestKit.LoginAsync(server, enrolled.User.Username, enrolled.InitialPassword, IdentityTestKit.NextCode(enrolled.TotpSecret));
        var newSecret = await IdentityTestKit.LoginAsync(server, enrolled.User.Username, enrolled.InitialPassword, IdentityServer.CurrentCode(reset.TotpSecret));

        Assert.True(before.SignedIn, before.Error);
        Assert.NotEqual(enrolled.TotpSecret, reset.TotpSecret);
        Assert.Contains(reset.TotpSecret, reset.TotpUri, StringComparison.Ordinal);
        Assert.False(oldSecret.SignedIn);
        Assert.Equal("the username, password or code is not right", oldSecret.Error);
        Assert.True(newSecret.SignedIn, newSecret.Error);
    }

    [Fact]
    public async Task ResetPassword_OldPasswordStopsWorking_NewOneWorks()
    {
        var server = await IdentityServer.Shared;
        using var channel = await AdminChannelAsync(server);
        var admin = new IdentityAdmin.IdentityAdminClient(channel);
        var enrolled = await admin.EnrolUserAsync(EnrolRequest(Roles.Practitioner));

        var reset = await admin.ResetPasswordAsync(new ResetPasswordRequest { Username = enrolled.User.Username });
        var oldPassword = await IdentityTestKit.LoginAsync(server, enrolled.User.Username, enrolled.InitialPassword, IdentityServer.CurrentCode(enrolled.TotpSecret));
        var newPassword = await IdentityTestKit.LoginAsync(server, enrolled.User.Username, reset.Password, IdentityServer.CurrentCode(enrolled.TotpSecret));

        Assert.NotEqual(enrolled.InitialPassword, reset.Password);
        Assert.False(oldPassword.SignedIn);
        Assert.True(newPassword.SignedIn, newPassword.Error);
    }

    [Fact]
    public async Task SuspendAndReinstate_RefuseThenAllowSignIn()
    {
        var server = await IdentityServer.Shared;
        using var channel = await AdminChannelAsync(server);
        var admin = new IdentityAdmin.IdentityAdminClient(channel);
        var enrolled = await admin.EnrolUserAsync(EnrolRequest(Roles.Practitioner));

        var suspended = await admin.SuspendUserAsync(new SuspendUserRequest { Username = enrolled.User.Username, Reason = "left the organisation" });
        var whileSuspended = await IdentityTestKit.LoginAsync(server, enrolled.User.Username, enrolled.InitialPassword, IdentityServer.CurrentCode(enrolled.TotpSecret));
        var reinstated = await admin.ReinstateUserAsync(new ReinstateUserRequest { Username = enrolled.User.Username });
        var afterwards = await IdentityTestKit.LoginAsync(server, enrolled.User.Username, enrolled.InitialPassword, IdentityTestKit.NextCode(enrolled.TotpSecret));

        Assert.Equal(AccountStatus.Suspended, suspended.Status);
        Assert.Equal("left the organisation", suspended.SuspensionReason);
        Assert.False(whileSuspended.SignedIn);
        Assert.Contains("suspended", whileSuspended.Error, StringComparison.Ordinal);
        Assert.Equal(AccountStatus.Active, reinstated.Status);
        Assert.Equal(string.Empty, reinstated.SuspensionReason);
        Assert.True(afterwards.SignedIn, afterwards.Error);
    }

    [Fact]
    public async Task SuspendUser_WithoutAReason_IsInvalidArgument()
    {
        var server = await IdentityServer.Shared;
        using var channel = await AdminChannelAsync(server);
        var admin = new IdentityAdmin.IdentityAdminClient(channel);
        var enrolled = await admin.EnrolUserAsync(EnrolRequest(Roles.Practitioner));

        var error = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => admin.SuspendUserAsync(new SuspendUserRequest { Username = enrolled.User.Username }).ResponseAsync);

        Assert.Equal(["reason"], RpcAssert.ViolatedFields(error));
        Assert.Equal(AccountStatus.Active, (await admin.GetUserAsync(new GetUserRequest { Username = enrolled.User.Username })).Status);
    }

    [Fact]
    public async Task UnknownUsername_IsNotFound()
    {
        var server = await IdentityServer.Shared;
        using var channel = await AdminChannelAsync(server);
        var admin = new IdentityAdmin.IdentityAdminClient(channel);

        await RpcAssert.FailsWith(StatusCode.NotFound, () => admin.GetUserAsync(new GetUserRequest { Username = $"nobody-{Guid.NewGuid():N}" }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => admin.SuspendUserAsync(new SuspendUserRequest { Username = $"nobody-{Guid.NewGuid():N}", Reason = "test" }).ResponseAsync);
    }

    [Fact]
    public async Task RegisterAndRevokeAgencyClient_TokensOnlyUntilRevoked()
    {
        var server = await IdentityServer.Shared;
        using var channel = await AdminChannelAsync(server);
        var admin = new IdentityAdmin.IdentityAdminClient(channel);
        var clientId = $"mis-{Guid.NewGuid():N}"[..24];

        var registered = await admin.RegisterAgencyClientAsync(new RegisterAgencyClientRequest
        {
            ClientId = clientId,
            DisplayName = "Hyde Park Primary School MIS",
            OrganisationCode = "ls1234",
            OrganisationName = "Hyde Park Primary School",
        });
        var before = await server.ClientCredentialsAsync(clientId, registered.ClientSecret);
        var revoked = await admin.RevokeAgencyClientAsync(new RevokeAgencyClientRequest { ClientId = clientId });
        var after = await server.ClientCredentialsAsync(clientId, registered.ClientSecret);

        Assert.Equal("LS1234", registered.Client.OrganisationCode);
        Assert.False(registered.Client.Revoked);
        Assert.True(registered.ClientSecret.Length >= 32);
        Assert.NotNull(before.AccessToken);
        Assert.Equal("LS1234", IdentityTestKit.Payload(before.AccessToken).GetProperty(ChildIndexClaims.OrganisationCode).GetString());
        Assert.True(revoked.Revoked);
        Assert.Null(after.AccessToken);
        Assert.Equal("invalid_client", after.Error);
    }

    [Fact]
    public async Task ListAgencyClients_ShowsAnOrganisationsClientsAndWhetherRevoked_NeverASecret()
    {
        var server = await IdentityServer.Shared;
        using var channel = await AdminChannelAsync(server);
        var admin = new IdentityAdmin.IdentityAdminClient(channel);
        var organisation = $"L{Guid.NewGuid():N}"[..10].ToUpperInvariant();
        foreach (var id in new[] { "b-mis", "a-mis" })
        {
            await admin.RegisterAgencyClientAsync(new RegisterAgencyClientRequest
            {
                ClientId = $"{id}-{organisation.ToLowerInvariant()}", DisplayName = "School MIS", OrganisationCode = organisation, OrganisationName = "A school",
            });
        }

        await admin.RevokeAgencyClientAsync(new RevokeAgencyClientRequest { ClientId = $"b-mis-{organisation.ToLowerInvariant()}" });
        var listed = await admin.ListAgencyClientsAsync(new ListAgencyClientsRequest { OrganisationCode = organisation.ToLowerInvariant() });

        Assert.Equal([$"a-mis-{organisation.ToLowerInvariant()}", $"b-mis-{organisation.ToLowerInvariant()}"], listed.Clients.Select(c => c.ClientId));
        Assert.Equal([false, true], listed.Clients.Select(c => c.Revoked));
    }

    [Fact]
    public async Task RegisterAgencyClient_Twice_IsAlreadyExists_AndInvalidInputIsInvalidArgument()
    {
        var server = await IdentityServer.Shared;
        using var channel = await AdminChannelAsync(server);
        var admin = new IdentityAdmin.IdentityAdminClient(channel);
        var request = new RegisterAgencyClientRequest
        {
            ClientId = $"mis-{Guid.NewGuid():N}"[..24],
            DisplayName = "Test MIS",
            OrganisationCode = "LS1234",
            OrganisationName = "Hyde Park Primary School",
        };
        await admin.RegisterAgencyClientAsync(request);

        await RpcAssert.FailsWith(StatusCode.AlreadyExists, () => admin.RegisterAgencyClientAsync(request).ResponseAsync);
        var invalid = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => admin.RegisterAgencyClientAsync(new RegisterAgencyClientRequest { ClientId = "X" }).ResponseAsync);
        Assert.Equal(["client_id", "organisation_code", "display_name", "organisation_name"], RpcAssert.ViolatedFields(invalid));
    }

    [Fact]
    public async Task EnrolUser_WithInvalidInput_IsInvalidArgumentNamingEveryField()
    {
        var server = await IdentityServer.Shared;
        using var channel = await AdminChannelAsync(server);
        var admin = new IdentityAdmin.IdentityAdminClient(channel);
        var vetting = CurrentVetting;
        vetting.TrainingCompletedDate = IdentityServer.Date(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3));

        var error = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => admin.EnrolUserAsync(new EnrolUserRequest
        {
            Username = "X!",
            DisplayName = "line one\nline two",
            OrganisationCode = "LS-1234",
            OrganisationName = string.Empty,
            Roles = { Roles.AgencySystem },
            Vetting = vetting,
        }).ResponseAsync);

        Assert.Equal(
            ["username", "display_name", "organisation_code", "organisation_name", "roles", "vetting.training_completed_date"],
            RpcAssert.ViolatedFields(error));
    }

    [Fact]
    public async Task EnrolUser_WithoutRoles_IsInvalidArgument()
    {
        var server = await IdentityServer.Shared;
        using var channel = await AdminChannelAsync(server);
        var request = EnrolRequest(Roles.Practitioner);
        request.Roles.Clear();

        var error = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => new IdentityAdmin.IdentityAdminClient(channel).EnrolUserAsync(request).ResponseAsync);

        Assert.Equal(["roles"], RpcAssert.ViolatedFields(error));
    }

    [Fact]
    public async Task EnrolUser_WithATakenUsername_IsAlreadyExists()
    {
        var server = await IdentityServer.Shared;
        using var channel = await AdminChannelAsync(server);
        var admin = new IdentityAdmin.IdentityAdminClient(channel);
        var request = EnrolRequest(Roles.Practitioner);
        await admin.EnrolUserAsync(request);
        request.Username = request.Username.ToUpperInvariant();

        await RpcAssert.FailsWith(StatusCode.AlreadyExists, () => admin.EnrolUserAsync(request).ResponseAsync);
    }

    [Fact]
    public async Task ListUsers_ByOrganisation_ShowsTheirAccountsAndNoSecrets()
    {
        var server = await IdentityServer.Shared;
        using var channel = await AdminChannelAsync(server);
        var admin = new IdentityAdmin.IdentityAdminClient(channel);
        var organisation = $"T{Guid.NewGuid():N}"[..10].ToUpperInvariant();
        var request = EnrolRequest(Roles.Practitioner);
        request.OrganisationCode = organisation;
        var enrolled = await admin.EnrolUserAsync(request);

        var listed = await admin.ListUsersAsync(new ListUsersRequest { OrganisationCode = organisation.ToLowerInvariant() });

        var account = Assert.Single(listed.Users);
        Assert.Equal(enrolled.User.UserId, account.UserId);
        Assert.DoesNotContain(enrolled.InitialPassword, listed.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(enrolled.TotpSecret, listed.ToString(), StringComparison.Ordinal);
    }

    private static async Task<Grpc.Net.Client.GrpcChannel> AdminChannelAsync(IdentityServer server) =>
        IdentityTestKit.AdminChannel(server, await server.TokenForRoleAsync(Roles.IdentityAdmin));

    private static EnrolUserRequest EnrolRequest(string role) => new()
    {
        Username = $"user-{Guid.NewGuid():N}"[..30],
        DisplayName = "Jo Bloggs",
        OrganisationCode = "LS1234",
        OrganisationName = "Hyde Park Primary School",
        Roles = { role },
        Vetting = CurrentVetting,
    };
}

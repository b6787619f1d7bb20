using ChildIndex.Contracts.V1;
using ChildIndex.Identity.Core.Accounts;
using ChildIndex.Identity.Core.Clients;
using ChildIndex.Identity.Hosting;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ChildIndex.Identity.GrpcServices;

/// <summary>The identity administrators' API, delegated to the account and client services. Every
/// call needs a token with the identity-admin role and scope.</summary>
[Authorize(Policy = OpenIddictSetup.AdminPolicy)]
public sealed class IdentityAdminService(UserAdministration users, ClientAdministration clients) : IdentityAdmin.IdentityAdminBase
{
    public override Task<EnrolUserResponse> EnrolUser(EnrolUserRequest request, ServerCallContext context) =>
        users.EnrolAsync(request, Actor(context), context.CancellationToken);

    public override Task<UserAccount> RecordVetting(RecordVettingRequest request, ServerCallContext context) =>
        users.RecordVettingAsync(request, Actor(context), context.CancellationToken);

    public override Task<ResetTwoFactorResponse> ResetTwoFactor(ResetTwoFactorRequest request, ServerCallContext context) =>
        users.ResetTwoFactorAsync(request, Actor(context), context.CancellationToken);

    public override Task<ResetPasswordResponse> ResetPassword(ResetPasswordRequest request, ServerCallContext context) =>
        users.ResetPasswordAsync(request, Actor(context), context.CancellationToken);

    public override Task<UserAccount> SuspendUser(SuspendUserRequest request, ServerCallContext context) =>
        users.SuspendAsync(request, Actor(context), context.CancellationToken);

    public override Task<UserAccount> ReinstateUser(ReinstateUserRequest request, ServerCallContext context) =>
        users.ReinstateAsync(request, Actor(context), context.CancellationToken);

    public override Task<UserAccount> GetUser(GetUserRequest request, ServerCallContext context) =>
        users.GetAsync(request, context.CancellationToken);

    public override Task<ListUsersResponse> ListUsers(ListUsersRequest request, ServerCallContext context) =>
        users.ListAsync(request, context.CancellationToken);

    public override Task<RegisterAgencyClientResponse> RegisterAgencyClient(RegisterAgencyClientRequest request, ServerCallContext context) =>
        clients.RegisterAsync(request, Actor(context), context.CancellationToken);

    public override Task<Contracts.V1.AgencyClient> RevokeAgencyClient(RevokeAgencyClientRequest request, ServerCallContext context) =>
        clients.RevokeAsync(request, Actor(context), context.CancellationToken);

    public override Task<ListAgencyClientsResponse> ListAgencyClients(ListAgencyClientsRequest request, ServerCallContext context) =>
        clients.ListAsync(request, context.CancellationToken);

    private static string Actor(ServerCallContext context) =>
        context.GetHttpContext().User.FindFirst(Claims.Subject)?.Value ?? "unknown";
}

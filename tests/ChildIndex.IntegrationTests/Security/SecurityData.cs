using System.Globalization;
using System.Text;
using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Infrastructure;
using Grpc.Core;

namespace ChildIndex.IntegrationTests.Security;

/// <summary>Children, involvements and checks shared by the security tests.</summary>
public static class SecurityData
{
    /// <summary>An organisation no test principal belongs to.</summary>
    public const string OtherOrganisation = "XY999";

    public static readonly Google.Type.Date InvolvementEnd = TestRequests.Date(2024, 7, 19);

    /// <summary>A registration of a child with names no other test uses, an NHS number, a UPN and,
    /// when <paramref name="localIdOrganisations"/> are given, one local identifier from each.</summary>
    public static RegisterChildRequest Child(params string[] localIdOrganisations)
    {
        var details = TestRequests.Details();
        details.Name.GivenNames = "Giv" + UniqueLetters() + " Mid" + UniqueLetters();
        var request = new RegisterChildRequest
        {
            RequestId = TestRequests.NewRequestId(),
            Details = details,
            Identifiers = new ChildIdentifiers { NhsNumber = TestRequests.NewNhsNumber(), Upn = TestRequests.NewUpn() },
        };
        request.Identifiers.LocalIds.AddRange(localIdOrganisations.Select(LocalId));
        return request;
    }

    /// <summary>Why a look-up is made: every SearchChildren and GetChild states one.</summary>
    public static AccessPurpose Purpose() => new() { Code = AccessPurposeCode.ServiceDelivery };

    public static LocalIdentifier LocalId(string organisationCode) =>
        new() { OrganisationCode = organisationCode, Value = $"MIS-{Guid.NewGuid():N}"[..20] };

    public static Involvement InvolvementOf(string organisationCode)
    {
        var involvement = TestRequests.Involvement();
        involvement.Organisation = new Organisation { Code = organisationCode, Name = $"Organisation {organisationCode}" };
        return involvement;
    }

    public static RecordInvolvementRequest Record(string childId, string organisationCode) =>
        new() { ChildId = childId, RequestId = TestRequests.NewRequestId(), Involvement = InvolvementOf(organisationCode) };

    public static EndInvolvementRequest End(string childId, string involvementId) =>
        new() { ChildId = childId, InvolvementId = involvementId, EndDate = InvolvementEnd };

    public static ShieldChildRequest Shield(string childId) =>
        new() { ChildId = childId, Reason = ShieldReason.DomesticAbuse, Justification = "a carer fled domestic abuse" };

    public static BreakGlassRequest BreakGlass(string childId) => new()
    {
        ChildId = childId,
        Justification = "section 47 enquiry opened tonight",
        Purpose = new AccessPurpose { Code = AccessPurposeCode.ChildProtectionEnquiry },
    };

    /// <summary>Sends <paramref name="requests"/> on one RegisterChildren stream and collects the results.</summary>
    public static Task<List<RegisterChildrenResult>> RegisterStreamAsync(Registration.RegistrationClient client, params RegisterChildRequest[] requests) =>
        RegisterStreamAsync(client, headers: null, requests);

    /// <summary>As above, with <paramref name="headers"/> on the call. Results are read while the
    /// requests are written, so that a long stream never waits on a full window of unread results.</summary>
    public static async Task<List<RegisterChildrenResult>> RegisterStreamAsync(Registration.RegistrationClient client, Metadata? headers, params RegisterChildRequest[] requests)
    {
        using var call = client.RegisterChildren(headers);
        var reading = Task.Run(async () =>
        {
            var results = new List<RegisterChildrenResult>();
            await foreach (var result in call.ResponseStream.ReadAllAsync())
            {
                results.Add(result);
            }

            return results;
        });
        try
        {
            foreach (var request in requests)
            {
                await call.RequestStream.WriteAsync(request);
            }

            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The server may end the call while the client is still writing; its status is read below.
        }

        return await reading;
    }

    /// <summary>Everything about the child that an error must not disclose.</summary>
    public static IReadOnlyList<string> PersonalData(RegisterChildRequest child, string? childId)
    {
        var details = child.Details;
        var dob = new DateOnly(details.DateOfBirth.Year, details.DateOfBirth.Month, details.DateOfBirth.Day);
        var data = new List<string>
        {
            details.Name.FamilyName,
            dob.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            dob.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
            dob.ToString("d MMM yyyy", CultureInfo.InvariantCulture),
            dob.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
            details.Address.Postcode,
            details.Address.Postcode.Replace(" ", string.Empty, StringComparison.Ordinal),
            details.Address.Town,
            child.Identifiers.NhsNumber,
            $"{child.Identifiers.NhsNumber[..3]} {child.Identifiers.NhsNumber[3..6]} {child.Identifiers.NhsNumber[6..]}",
            child.Identifiers.Upn,
        };
        data.AddRange(details.Name.GivenNames.Split(' '));
        data.AddRange(details.Address.Lines);
        data.AddRange(child.Identifiers.LocalIds.Select(l => l.Value));
        foreach (var carer in details.Carers)
        {
            data.AddRange(carer.Name.GivenNames.Split(' '));
            data.Add(carer.Name.FamilyName);
            data.Add(carer.Phone);
        }

        if (childId is not null)
        {
            data.Add(childId);
        }

        return [.. data.Where(d => !string.IsNullOrWhiteSpace(d))];
    }

    /// <summary>Asserts that neither the error's message nor any trailer (such as
    /// grpc-status-details-bin) carries anything about the child.</summary>
    public static void AssertDisclosesNothingAbout(RpcException error, RegisterChildRequest child, string? childId)
    {
        var said = new StringBuilder(error.Status.Detail).AppendLine();
        foreach (var trailer in error.Trailers)
        {
            said.AppendLine(trailer.IsBinary ? Encoding.UTF8.GetString(trailer.ValueBytes) : trailer.Value);
        }

        var text = said.ToString();
        foreach (var datum in PersonalData(child, childId))
        {
            Assert.False(
                text.Contains(datum, StringComparison.OrdinalIgnoreCase),
                $"the {error.StatusCode} error discloses \"{datum}\": {error.Status.Detail}");
        }
    }

    private static string UniqueLetters() =>
        new([.. Guid.NewGuid().ToString("N").Where(char.IsAsciiDigit).Select(d => (char)('a' + (d - '0'))).Take(8)]);
}

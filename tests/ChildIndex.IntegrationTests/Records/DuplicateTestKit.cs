using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Infrastructure;

namespace ChildIndex.IntegrationTests.Records;

/// <summary>Registrations that the duplicate check (ADR 16) finds the same child, or a possible duplicate.</summary>
public static class DuplicateTestKit
{
    /// <summary>A child of its own: a fresh family name and given name, so that no other test's child resembles it.</summary>
    public static ChildDetails Child(string givenNames = "Theodore", string postcode = "LS6 2AB")
    {
        var details = TestRequests.Details(postcode: postcode);
        details.Name.GivenNames = givenNames;
        return details;
    }

    /// <summary>The same details registered for another organisation, with only that
    /// organisation's identifier: nothing the index holds links it.</summary>
    public static RegisterChildRequest Again(ChildDetails details, string organisationCode = "B82001")
    {
        var request = new RegisterChildRequest { RequestId = TestRequests.NewRequestId(), Details = details.Clone(), Identifiers = new ChildIdentifiers() };
        request.Identifiers.LocalIds.Add(new LocalIdentifier { OrganisationCode = organisationCode, Value = $"MIS-{Guid.NewGuid():N}"[..20] });
        return request;
    }

    /// <summary>The same family name and date of birth, another postcode and the given name's
    /// short form: very likely the child, but the evidence is not strong enough to say so.</summary>
    public static RegisterChildRequest NearMatch(ChildDetails details)
    {
        var request = Again(details);
        request.Details.Name.GivenNames = "Teddy";
        request.Details.Address.Postcode = "M1 1AE";
        request.Details.Address.Town = "Manchester";
        return request;
    }

    /// <summary>The same details at another postcode: very likely the child, moved, but not strong evidence.</summary>
    public static RegisterChildRequest Moved(ChildDetails details)
    {
        var request = Again(details);
        request.Details.Address.Postcode = "M1 1AE";
        request.Details.Address.Town = "Manchester";
        return request;
    }

    /// <summary>Registers a child and a near match of it (as the index team), and returns both ids.</summary>
    public static async Task<(string Existing, string Created)> RaiseAsync(DirectoryServer server)
    {
        var details = Child();
        var existing = await server.Registration.RegisterChildAsync(TestRequests.Registration(details));
        var near = await server.Registration.RegisterChildAsync(NearMatch(details));
        Xunit.Assert.Equal(RegistrationOutcome.CreatedPossibleDuplicate, near.Outcome);
        return (existing.ChildId, near.ChildId);
    }

    /// <summary>The open task naming the new child, read from the whole queue.</summary>
    public static async Task<PossibleDuplicateTask?> OpenTaskAsync(IndexManagement.IndexManagementClient admin, string newChildId)
    {
        var token = string.Empty;
        do
        {
            var page = await admin.ListPossibleDuplicatesAsync(new ListPossibleDuplicatesRequest { PageSize = 200, PageToken = token });
            if (page.Tasks.FirstOrDefault(t => t.NewChildId == newChildId) is { } task)
            {
                return task;
            }

            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return null;
    }
}

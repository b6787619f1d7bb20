using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Infrastructure;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Microsoft.EntityFrameworkCore;

namespace ChildIndex.IntegrationTests.Hosting;

/// <summary>Health, reflection and failure behaviour. Owns its server: a test here breaks the database on purpose.</summary>
public sealed class ServiceTests(SqliteDirectoryServer server) : IClassFixture<SqliteDirectoryServer>
{
    [Fact]
    public async Task Health_ReportsServingOnlyWhileTheDatabaseAnswers()
    {
        var health = new Health.HealthClient(server.Channel);
        var registered = await server.Registration.RegisterChildAsync(TestRequests.Registration());

        var before = await health.CheckAsync(new HealthCheckRequest());
        await using var db = server.CreateDbContext();
        // The health check reads the children, GetChild their read-model documents.
        await db.Database.ExecuteSqlRawAsync("ALTER TABLE Children RENAME TO ChildrenAway");
        await db.Database.ExecuteSqlRawAsync("ALTER TABLE ChildDocuments RENAME TO ChildDocumentsAway");
        try
        {
            var during = await health.CheckAsync(new HealthCheckRequest());
            var error = await RpcAssert.FailsWith(StatusCode.Unavailable,
                () => server.Directory.GetChildAsync(new GetChildRequest { Purpose = TestRequests.Purpose(), ChildId = registered.ChildId }).ResponseAsync);

            Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, during.Status);
            Assert.DoesNotContain("ChildrenAway", error.Status.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain("ChildDocumentsAway", error.Status.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain("SQLite", error.Status.Detail, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE ChildDocumentsAway RENAME TO ChildDocuments");
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE ChildrenAway RENAME TO Children");
        }

        var after = await health.CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, before.Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, after.Status);
    }

    [Fact]
    public async Task Reflection_ListsTheDirectoryServices()
    {
        using var call = new ServerReflection.ServerReflectionClient(server.Channel).ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));

        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();

        Assert.Contains("childindex.v1.ChildDirectory", services);
        Assert.Contains("childindex.v1.Registration", services);
        Assert.Contains("grpc.health.v1.Health", services);
    }

    [Fact]
    public async Task OversizedRequest_IsRefusedWithResourceExhaustedAndNothingStored()
    {
        var family = TestRequests.NewFamilyName();
        var request = TestRequests.Registration(TestRequests.Details(family));
        request.Details.Carers[0].Email = new string('x', 200_000) + "@example.org";

        await RpcAssert.FailsWith(StatusCode.ResourceExhausted, () => server.Registration.RegisterChildAsync(request).ResponseAsync);

        await using var db = server.CreateDbContext();
        Assert.False(await db.Children.AnyAsync(c => c.FamilyName == family));
    }

    [Fact]
    public async Task MalformedProtobuf_IsRefusedWithoutExceptionTextAndTheServerCarriesOn()
    {
        var method = new Method<byte[], byte[]>(MethodType.Unary, "childindex.v1.Registration", "RegisterChild",
            Marshallers.Create(b => b, b => b), Marshallers.Create(b => b, b => b));

        var error = await Assert.ThrowsAsync<RpcException>(
            () => server.Channel.CreateCallInvoker().AsyncUnaryCall(method, null, new CallOptions(), [0x0A, 0xFF, 0xFF, 0xFF, 0x0F, 0x01]).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.DoesNotContain("Exception", error.Status.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" at ", error.Status.Detail, StringComparison.Ordinal);
        var registered = await server.Registration.RegisterChildAsync(TestRequests.Registration());
        Assert.False(string.IsNullOrEmpty(registered.ChildId));
    }
}

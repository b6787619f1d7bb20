using ChildIndex.Common.Storage;

namespace ChildIndex.UnitTests.Storage;

public sealed class PostgreSqlPoolCheckTests
{
    [Theory]
    [InlineData(100, 100, 3)] // both defaults: Npgsql's pool against PostgreSQL's max_connections
    [InlineData(97, 100, 3)]
    [InlineData(60, 100, 43)]
    public void Problem_WhenThePoolCouldFillTheServer_NamesBothLimits(int pool, int maxConnections, int reserved)
    {
        var problem = PostgreSqlPoolCheck.Problem(pool, maxConnections, reserved);

        Assert.NotNull(problem);
        Assert.Contains($"{pool} connections", problem, StringComparison.Ordinal);
        Assert.Contains($"max_connections {maxConnections}", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(32, 100, 3)]
    [InlineData(96, 100, 3)]
    public void Problem_WhenThePoolLeavesRoom_IsNone(int pool, int maxConnections, int reserved) =>
        Assert.Null(PostgreSqlPoolCheck.Problem(pool, maxConnections, reserved));
}

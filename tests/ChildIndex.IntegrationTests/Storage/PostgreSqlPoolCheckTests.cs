using ChildIndex.Common.Storage;
using ChildIndex.Core.Storage;
using ChildIndex.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ChildIndex.IntegrationTests.Storage;

/// <summary>A pool that alone could fill the PostgreSQL server is reported at start; one that fits is not.</summary>
public sealed class PostgreSqlPoolCheckTests(PostgresDirectoryServer server) : IClassFixture<PostgresDirectoryServer>
{
    [Fact]
    public async Task PoolCheck_WithAPoolLargerThanTheServerAllows_SaysSo()
    {
        await using var db = WithPool(10_000);

        var problem = await PostgreSqlPoolCheck.CheckAsync(db, CancellationToken.None);

        Assert.NotNull(problem);
        Assert.Contains("10000 connections", problem, StringComparison.Ordinal);
        Assert.Contains("Maximum Pool Size", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PoolCheck_WithASmallPool_FindsNothingWrong()
    {
        await using var db = WithPool(10);

        Assert.Null(await PostgreSqlPoolCheck.CheckAsync(db, CancellationToken.None));
    }

    private ChildIndexDbContext WithPool(int size)
    {
        using var template = server.CreateDbContext();
        var connection = new NpgsqlConnectionStringBuilder(template.Database.GetConnectionString()) { MaxPoolSize = size };
        return new ChildIndexDbContext(new DatabaseSettings(DatabaseProvider.PostgreSql, connection.ConnectionString).ContextOptions<ChildIndexDbContext>());
    }
}

using ChildIndex.Api.Auditing;
using ChildIndex.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace ChildIndex.IntegrationTests.Audit;

/// <summary>The directory's own token at the shared identity server: asked for once, kept while it
/// lasts, renewed shortly before it expires, and asked for again once the feed has refused it.</summary>
public sealed class DirectoryClientTokenTests
{
    [Fact]
    public async Task Token_IsKeptWhileItLasts_AndRenewedBeforeItExpires()
    {
        var (token, clock, requests) = await TokenAsync();

        var first = await token.GetAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(30));
        var later = await token.GetAsync(CancellationToken.None);
        // The shared server's tokens live an hour; within the last seconds a new one is fetched.
        clock.Advance(TimeSpan.FromMinutes(29) + TimeSpan.FromSeconds(55));
        var renewed = await token.GetAsync(CancellationToken.None);

        Assert.Same(first, later);
        Assert.NotEqual(first, renewed);
        Assert.Equal(2, requests.Count);
    }

    [Fact]
    public async Task ForgottenToken_IsReplacedAtTheNextCall()
    {
        var (token, _, requests) = await TokenAsync();
        var first = await token.GetAsync(CancellationToken.None);

        token.Forget(first);
        await token.GetAsync(CancellationToken.None);

        Assert.Equal(2, requests.Count);
    }

    [Fact]
    public async Task WithoutASecret_NoTokenIsAskedFor_AndTheErrorSaysWhereTheSecretIsLookedFor()
    {
        var identity = await IdentityServer.Shared;
        var requests = new List<Uri>();
        var directory = Path.Combine(Path.GetTempPath(), "childindex-tests", Guid.NewGuid().ToString("N"));
        var token = new DirectoryClientToken(new Clients(identity, requests), Configuration(identity, secret: null, dataDir: directory), TimeProvider.System);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => token.GetAsync(CancellationToken.None));

        Assert.Contains(Path.Combine(directory, DirectoryClientToken.SecretFileName), error.Message, StringComparison.Ordinal);
        Assert.Empty(requests);
    }

    private static async Task<(DirectoryClientToken Token, FakeTimeProvider Clock, List<Uri> Requests)> TokenAsync()
    {
        var identity = await IdentityServer.Shared;
        var requests = new List<Uri>();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        return (new DirectoryClientToken(new Clients(identity, requests), Configuration(identity, IdentityServer.DirectorySecret, dataDir: null), clock), clock, requests);
    }

    private static IConfiguration Configuration(IdentityServer identity, string? secret, string? dataDir) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["IDENTITY_AUTHORITY"] = identity.Authority,
            ["DIRECTORY_CLIENT_SECRET"] = secret,
            ["DATA_DIR"] = dataDir,
        }).Build();

    /// <summary>HTTP clients to the in-process identity server that note what they were asked.</summary>
    private sealed class Clients(IdentityServer identity, List<Uri> requests) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(new Noting(identity.CreateHandler(), requests));

        private sealed class Noting(HttpMessageHandler inner, List<Uri> requests) : DelegatingHandler(inner)
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                requests.Add(request.RequestUri!);
                return base.SendAsync(request, cancellationToken);
            }
        }
    }
}

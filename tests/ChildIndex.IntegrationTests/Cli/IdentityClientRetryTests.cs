using System.Net;
using System.Text;
using ChildIndex.Cli.Sessions;

namespace ChildIndex.IntegrationTests.Cli;

/// <summary>The CLI waits where the identity server says when (429 with Retry-After), briefly, and
/// says so; a long wait is reported, not slept through.</summary>
public sealed class IdentityClientRetryTests
{
    [Fact]
    public async Task TooManyRequests_WithAShortRetryAfter_IsWaitedFor_ThenTheTokenComes()
    {
        using var handler = new Answers(TooMany(seconds: 7), TooMany(seconds: 3), Token());
        var waits = new List<TimeSpan>();
        using var notices = new StringWriter();
        using var client = new IdentityClient(new Uri("http://127.0.0.1:1"), handler, TimeSpan.FromSeconds(5))
        {
            Notices = notices,
            Delay = (wait, _) => { waits.Add(wait); return Task.CompletedTask; },
        };

        var answer = await client.RefreshAsync("refresh", CancellationToken.None);

        Assert.Equal("access", answer.AccessToken);
        Assert.Equal([TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(3)], waits);
        Assert.Contains("wait 7 s", notices.ToString(), StringComparison.Ordinal);
        Assert.Equal(3, handler.Calls);
    }

    [Fact]
    public async Task TooManyRequests_WithALongRetryAfter_FailsAtOnce_SayingWhenToTryAgain()
    {
        using var handler = new Answers(TooMany(seconds: 840));
        using var client = new IdentityClient(new Uri("http://127.0.0.1:1"), handler, TimeSpan.FromSeconds(5))
        {
            Notices = TextWriter.Null,
            Delay = (_, _) => throw new InvalidOperationException("must not wait 14 minutes"),
        };

        var refused = await Assert.ThrowsAsync<IdentityServerException>(() => client.ClientCredentialsAsync("agency", "secret", CancellationToken.None));

        Assert.Contains("try again in 840 s", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, handler.Calls);
    }

    private static HttpResponseMessage TooMany(int seconds)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests)
        {
            Content = new StringContent("""{"error":"temporarily_unavailable","error_description":"too many"}""", Encoding.UTF8, "application/json"),
        };
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        return response;
    }

    private static HttpResponseMessage Token() => new(HttpStatusCode.OK)
    {
        Content = new StringContent("""{"access_token":"access","refresh_token":"next","expires_in":50}""", Encoding.UTF8, "application/json"),
    };

    private sealed class Answers(params HttpResponseMessage[] answers) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(answers[Math.Min(Calls++, answers.Length - 1)]);
    }
}

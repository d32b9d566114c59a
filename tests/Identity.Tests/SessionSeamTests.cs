using System.Globalization;
using System.Threading.Channels;
using Npgsql;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.Identity.Tests.Support;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Identity.Tests;

/// <summary>
/// What the GraphQL server's long-lived connections know of Identity (docs/adr/0021): a token validator that answers
/// with the caller as they are now, and a feed of revoked sessions that also says when notices may have been lost.
/// </summary>
public sealed class SessionSeamTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private TestHost _host = null!;
    private GraphQLClient _admin = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync("session-seam");
        _admin = await _host.AdminAsync();
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task The_validator_answers_with_the_user_and_role_until_the_session_is_revoked()
    {
        var member = await _host.CreateUserAsync();
        var validator = _host.GetService<IAccessTokenValidator>();

        var before = await validator.ValidateAsync(member.Token, CancellationToken.None);
        (await _admin.QueryAsync(IdentityApi.Deactivate, new { id = member.Id })).GetProperty("deactivateUser").AssertNoErrors();
        var after = await validator.ValidateAsync(member.Token, CancellationToken.None);

        Assert.True(before.IsValid, before.Failure);
        Assert.Equal(UserIdOf(member), before.Principal.GetUserId());
        Assert.True(before.Principal!.IsInRole(Roles.Member));
        Assert.False(after.IsValid);
        Assert.Contains("no longer active", after.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_validator_refuses_what_is_not_a_token()
    {
        var validation = await _host.GetService<IAccessTokenValidator>().ValidateAsync("not-a-token", CancellationToken.None);

        Assert.False(validation.IsValid);
        Assert.Null(validation.Principal);
        Assert.Equal("The access token is not valid.", validation.Failure);
    }

    [Fact]
    public async Task The_feed_names_the_user_whose_sessions_a_deactivation_revoked()
    {
        var member = await _host.CreateUserAsync();
        var notices = Channel.CreateUnbounded<RevokedSessions>();
        using var subscription = _host.GetService<ISessionRevocationFeed>().Subscribe(new Collector(notices.Writer));

        (await _admin.QueryAsync(IdentityApi.Deactivate, new { id = member.Id })).GetProperty("deactivateUser").AssertNoErrors();

        Assert.Equal(new RevokedSessions(UserIdOf(member)), await NextAsync(notices.Reader, n => n.UserId == UserIdOf(member)));
    }

    [Fact]
    public async Task The_feed_says_notices_may_be_lost_when_the_event_bus_listens_again()
    {
        var notices = Channel.CreateUnbounded<RevokedSessions>();
        using var subscription = _host.GetService<ISessionRevocationFeed>().Subscribe(new Collector(notices.Writer));

        // As when PostgreSQL restarts: every connection of the Host goes, and the bus's listener reconnects.
        await using (var connection = new NpgsqlConnection(_host.ConnectionString))
        {
            await connection.OpenAsync();
            await using var terminate = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", connection);
            await terminate.ExecuteScalarAsync();
        }

        _host.GetService<NpgsqlDataSource>().Clear();

        Assert.Same(RevokedSessions.Unknown, await NextAsync(notices.Reader, n => n.UserId is null));
    }

    private static long UserIdOf(TestUser user) => long.Parse((string)TestTokens.ClaimsOf(user.Token)["sub"], CultureInfo.InvariantCulture);

    private static async Task<RevokedSessions> NextAsync(ChannelReader<RevokedSessions> notices, Func<RevokedSessions, bool> wanted)
    {
        using var timeout = new CancellationTokenSource(Patience);
        await foreach (var notice in notices.ReadAllAsync(timeout.Token))
        {
            if (wanted(notice))
            {
                return notice;
            }
        }

        throw new InvalidOperationException("The feed ended.");
    }

    private sealed class Collector(ChannelWriter<RevokedSessions> notices) : IObserver<RevokedSessions>
    {
        public void OnNext(RevokedSessions value) => notices.TryWrite(value);

        public void OnError(Exception error) => notices.TryComplete(error);

        public void OnCompleted() => notices.TryComplete();
    }
}

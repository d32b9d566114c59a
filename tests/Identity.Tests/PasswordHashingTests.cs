using System.Net;
using Microsoft.Extensions.Options;
using ProductDescriber.BuildingBlocks.Threading;
using ProductDescriber.Identity.Passwords;
using ProductDescriber.Identity.Tests.Support;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Identity.Tests;

/// <summary>bcrypt runs on the hasher's own threads, so a burst of logins queues there instead of starving the thread pool.</summary>
public sealed class PasswordHashingTests
{
    [Fact]
    public async Task Bcrypt_work_runs_on_dedicated_threads_never_on_the_thread_pool()
    {
        using var hasher = NewHasher();

        var seen = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() =>
            hasher.Run(() => (Pool: Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Name)))));

        Assert.All(seen, s =>
        {
            Assert.False(s.Pool);
            Assert.StartsWith("bcrypt-", s.Name, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Bcrypt_threads_run_below_the_priority_of_request_threads_on_linux()
    {
        using var hasher = NewHasher();
        if (!OperatingSystem.IsLinux())
        {
            await hasher.Run(() => 0);
            Assert.False(hasher.LoweredPriority);
            return;
        }

        var onBcrypt = await hasher.Run(ThreadNiceness.OfCurrentThread);
        var onPool = await Task.Run(ThreadNiceness.OfCurrentThread);

        Assert.True(hasher.LoweredPriority);
        Assert.Equal(BackgroundThreadPriority.Niceness, onBcrypt - onPool);
    }

    [Fact]
    public async Task Hashes_verify_the_right_password_only()
    {
        using var hasher = NewHasher();
        var passwords = Enumerable.Range(0, 8).Select(_ => IdentityApi.NewPassword()).ToList();

        var hashes = await Task.WhenAll(passwords.Select(hasher.HashAsync));

        Assert.Equal(hashes.Length, hashes.Distinct().Count());
        Assert.All(hashes, h => Assert.StartsWith("$2", h, StringComparison.Ordinal));
        for (var i = 0; i < passwords.Count; i++)
        {
            Assert.True(await hasher.VerifyAsync(passwords[i], hashes[i]));
            Assert.False(await hasher.VerifyAsync(passwords[i] + "x", hashes[i]));
        }

        // No stored hash (an unknown user): the check still runs, against the decoy, and fails.
        Assert.False(await hasher.VerifyAsync(passwords[0], null));
    }

    [Fact]
    public async Task An_unknown_user_is_checked_against_a_hash_of_the_configured_work_factor()
    {
        using var hasher = NewHasher();

        // The salt's work factor sets what a verification costs: 10 here, as configured. No password matches it.
        Assert.Matches(@"^\$2a\$10\$[./A-Za-z0-9]{53}$", hasher.DecoyHash);
        Assert.False(BCrypt.Net.BCrypt.Verify(TestHost.AdminPassword, hasher.DecoyHash));
        Assert.False(await hasher.VerifyAsync(string.Empty, null));
    }

    [Fact]
    public async Task A_full_queue_is_refused_at_once_instead_of_piling_up()
    {
        using var hasher = NewHasher(queueLength: 2);
        using var gate = new ManualResetEventSlim();
        var threads = Math.Max(1, Environment.ProcessorCount - 1);
        using var started = new CountdownEvent(threads);

        // Occupy every bcrypt thread, then fill the queue behind them.
        var busy = Enumerable.Range(0, threads).Select(_ => hasher.Run(() =>
        {
            started.Signal();
            gate.Wait();
            return true;
        })).ToList();
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)));
        var queued = Enumerable.Range(0, 2).Select(_ => hasher.Run(() => true)).ToList();

        var refused = hasher.Run(() => true);

        Assert.True(refused.IsFaulted);
        Assert.IsType<PasswordHasherBusyException>(refused.Exception!.InnerException);
        gate.Set();
        Assert.All(await Task.WhenAll(busy.Concat(queued)), Assert.True);
    }

    [Fact]
    public async Task Health_keeps_answering_while_twenty_logins_are_hashing()
    {
        // High free failures per pair and address, so all twenty reach the hasher at once instead of queueing in the throttle.
        await using var host = await TestHost.StartAsync("hashing", new Dictionary<string, string?>
        {
            ["Identity:LoginThrottle:Pair:FreeFailures"] = "100",
            ["Identity:LoginThrottle:Address:FreeFailures"] = "100",
        });
        using var client = host.CreateGraphQLClient();
        using var http = host.CreateClient();

        var logins = Enumerable.Range(0, 20).Select(_ => client.LoginPayloadAsync("admin", TestHost.AdminPassword)).ToList();
        using var live = await http.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.All(await Task.WhenAll(logins), login => login.AssertNoErrors());
    }

    private static PasswordHasher NewHasher(int queueLength = 64) =>
        new(Options.Create(new IdentityOptions { BcryptWorkFactor = 10, PasswordQueueLength = queueLength }));
}

using Microsoft.Extensions.Options;
using ProductDescriber.BuildingBlocks.Threading;

namespace ProductDescriber.Identity.Passwords;

/// <summary>
/// bcrypt on a few dedicated threads. A hash costs tens of milliseconds of pure CPU; on the thread pool a burst of
/// logins would starve every other request (health checks included). Here the burst queues instead, and a full
/// queue is refused at once rather than piling up. The threads also run at a lower OS priority, so a flood of logins
/// takes only the CPU that requests leave (ADR 0042).
/// </summary>
internal sealed class PasswordHasher : IDisposable
{
    private readonly LowPriorityThreads _threads;
    private readonly int _workFactor;

    /// <summary>Compared against when the user does not exist, so unknown users cost as much time as wrong passwords.</summary>
    private readonly Task<string> _decoyHash;

    public PasswordHasher(IOptions<IdentityOptions> options)
    {
        _workFactor = options.Value.BcryptWorkFactor;
        _threads = new LowPriorityThreads("bcrypt", Math.Max(1, Environment.ProcessorCount - 1), options.Value.PasswordQueueLength);

        // A bcrypt hash takes a good part of a second at first: made beside the start-up, not in its way (the admin
        // seed resolves this service), and first in the bcrypt threads' queue, so off the thread pool too. A check
        // of an unknown user that reaches another bcrypt thread before it is done waits for it there.
        _decoyHash = Run(() => BCrypt.Net.BCrypt.HashPassword(Guid.NewGuid().ToString(), _workFactor));
    }

    /// <summary>Whether the bcrypt threads run below the request threads' priority (Linux only).</summary>
    internal bool LoweredPriority => _threads.LoweredPriority;

    public Task<string> HashAsync(string password) => Run(() => BCrypt.Net.BCrypt.HashPassword(password, _workFactor));

    /// <summary>Checks a password; with a null hash (no such user) spends the same time and returns false.</summary>
    public Task<bool> VerifyAsync(string password, string? hash) =>
        Run(() => BCrypt.Net.BCrypt.Verify(password, hash ?? _decoyHash.GetAwaiter().GetResult()) && hash is not null);

    public void Dispose() => _threads.Dispose();

    /// <summary>Runs CPU-bound work on a bcrypt thread (internal so tests can see where it runs).</summary>
    internal Task<T> Run<T>(Func<T> operation) =>
        _threads.TryRun(operation, out var task) ? task : Task.FromException<T>(new PasswordHasherBusyException());
}

internal sealed class PasswordHasherBusyException() : Exception("Too many password checks are queued; try again shortly.");

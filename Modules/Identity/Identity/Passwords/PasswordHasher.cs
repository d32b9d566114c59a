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
    // A bcrypt string is the salt ("$2a$", the work factor, "$", 22 characters) followed by 31 characters of hash.
    private const int DecoyHashPartLength = 31;

    private readonly LowPriorityThreads _threads;
    private readonly int _workFactor;

    public PasswordHasher(IOptions<IdentityOptions> options)
    {
        _workFactor = options.Value.BcryptWorkFactor;
        _threads = new LowPriorityThreads("bcrypt", Math.Max(1, Environment.ProcessorCount - 1), options.Value.PasswordQueueLength);
        DecoyHash = BCrypt.Net.BCrypt.GenerateSalt(_workFactor) + new string('.', DecoyHashPartLength);
    }

    /// <summary>
    /// Compared against when the user does not exist, so unknown users cost as much time as wrong passwords. A
    /// verification's cost is set by the salt's work factor alone, so a fresh salt with a hash part that matches no
    /// password serves: nothing is computed to make it (a real hash took a good part of a second of CPU at start-up).
    /// </summary>
    internal string DecoyHash { get; }

    /// <summary>Whether the bcrypt threads run below the request threads' priority (Linux only).</summary>
    internal bool LoweredPriority => _threads.LoweredPriority;

    public Task<string> HashAsync(string password) => Run(() => BCrypt.Net.BCrypt.HashPassword(password, _workFactor));

    /// <summary>Checks a password; with a null hash (no such user) spends the same time and returns false.</summary>
    public Task<bool> VerifyAsync(string password, string? hash) =>
        Run(() => BCrypt.Net.BCrypt.Verify(password, hash ?? DecoyHash) && hash is not null);

    public void Dispose() => _threads.Dispose();

    /// <summary>Runs CPU-bound work on a bcrypt thread (internal so tests can see where it runs).</summary>
    internal Task<T> Run<T>(Func<T> operation) =>
        _threads.TryRun(operation, out var task) ? task : Task.FromException<T>(new PasswordHasherBusyException());
}

internal sealed class PasswordHasherBusyException() : Exception("Too many password checks are queued; try again shortly.");

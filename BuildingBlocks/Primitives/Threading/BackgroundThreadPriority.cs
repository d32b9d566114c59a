using System.Runtime.InteropServices;

namespace ProductDescriber.BuildingBlocks.Threading;

/// <summary>
/// Lowers the calling thread's scheduling priority on Linux (a higher nice value for this thread alone), so that when
/// bulk CPU work (bcrypt, image decoding) and request threads want the same cores, requests run first and the bulk
/// work takes what is left (ADR 0042, ADR 0043). .NET's <see cref="Thread.Priority"/> does nothing on Linux; a thread
/// may always lower its own priority without privileges. Elsewhere it does nothing and says so.
/// </summary>
public static class BackgroundThreadPriority
{
    /// <summary>Linux's nice range is -20 (first) to 19 (last); 10 weighs about a tenth of a default thread.</summary>
    public const int Niceness = 10;

    private const int PriorityOfProcess = 0;

    /// <summary>True when the thread's priority was lowered.</summary>
    public static bool TryLowerCurrentThread()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        // On Linux each thread is a task with its own id, and PRIO_PROCESS with a thread id changes that thread only.
        return SetPriority(PriorityOfProcess, GetThreadId(), Niceness) == 0;
    }

    // DllImport rather than LibraryImport: these signatures need no marshalling, and the library need not allow unsafe code.
    [DllImport("libc", EntryPoint = "setpriority")]
    private static extern int SetPriority(int which, int who, int priority);

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetThreadId();
}

using System.Diagnostics;

namespace ProductDescriber.Architecture.Tests.Repository;

/// <summary>
/// .ci/prerequisites.sh on a simulated fresh machine: every command it may call is a shim on an otherwise empty
/// PATH, so the test sees whether apt-get ran through sudo and whether the script stopped before the tests.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CiPrerequisitesTests : IDisposable
{
    private const string Reached = "PREREQUISITES-DONE";
    private readonly string _machine = Directory.CreateTempSubdirectory("ci-prereq-").FullName;

    [Fact]
    public async Task Not_root_installs_through_sudo_and_stops_when_the_install_fails()
    {
        Shim("id", "echo 1000");
        Shim("sudo", """echo "$*" >> "$MACHINE/sudo.log"; exec "$@" """);
        Shim("apt-get", """echo "$*" >> "$MACHINE/apt.log"; exit 100""");

        var run = await RunAsync();

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("-n env DEBIAN_FRONTEND=noninteractive apt-get update", Log("sudo.log"));
        Assert.Contains("could not install postgresql", run.Errors);
        Assert.DoesNotContain(Reached, run.Output);
        Assert.EndsWith("0 passed, 1 failed, 0 skipped", run.Output.TrimEnd());
    }

    [Fact]
    public async Task Root_runs_apt_get_itself()
    {
        Shim("id", "echo 0");
        Shim("sudo", """echo "$*" >> "$MACHINE/sudo.log"; exit 1""");
        Shim("apt-get", """echo "$*" >> "$MACHINE/apt.log"; exit 100""");

        var run = await RunAsync();

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("update -qq", Log("apt.log"));
        Assert.False(File.Exists(Path.Combine(_machine, "sudo.log")));
        Assert.DoesNotContain(Reached, run.Output);
    }

    [Fact]
    public async Task Not_root_without_sudo_says_what_to_install()
    {
        Shim("id", "echo 1000");
        Shim("apt-get", """echo "$*" >> "$MACHINE/apt.log"; exit 100""");

        var run = await RunAsync();

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("apt-get install postgresql", run.Errors);
        Assert.False(File.Exists(Path.Combine(_machine, "apt.log")));
        Assert.DoesNotContain(Reached, run.Output);
    }

    [Fact]
    public async Task Node_older_than_the_readme_promises_is_refused()
    {
        Shim("id", "echo 0");
        Shim("node", """[ "$1" = "-p" ] && echo 18 || echo v18.20.0""");

        var run = await RunAsync();

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("Node.js 20+ is required, found v18.20.0", run.Errors);
        Assert.DoesNotContain(Reached, run.Output);
    }

    [Fact]
    public async Task A_machine_with_everything_reaches_the_tests()
    {
        Shim("id", "echo 1000");
        foreach (var tool in new[] { "pg_ctl", "radosgw", "ceph-mon", "ceph-osd", "chromium" })
        {
            Shim(tool, "exit 0");
        }

        var run = await RunAsync();

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(Reached, run.Output);
    }

    [Fact]
    public async Task A_machine_without_chromium_installs_it_and_stops_when_it_is_still_missing()
    {
        Shim("id", "echo 0");
        foreach (var tool in new[] { "pg_ctl", "radosgw", "ceph-mon", "ceph-osd" })
        {
            Shim(tool, "exit 0");
        }

        Shim("apt-get", """echo "$*" >> "$MACHINE/apt.log"; exit 0""");

        var run = await RunAsync();

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("install -y -qq --no-install-recommends chromium", Log("apt.log"));
        Assert.Contains("chromium installed but", run.Errors);
        Assert.DoesNotContain(Reached, run.Output);
    }

    public void Dispose() => Directory.Delete(_machine, recursive: true);

    private string Bin => Path.Combine(_machine, "bin");

    private void Shim(string name, string body)
    {
        Directory.CreateDirectory(Bin);
        var path = Path.Combine(Bin, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private string Log(string name) => File.ReadAllText(Path.Combine(_machine, name));

    private async Task<(int ExitCode, string Output, string Errors)> RunAsync()
    {
        // Defaults for a machine that has the SDK and Node 20: a test replaces the shims it cares about.
        if (!File.Exists(Path.Combine(Bin, "node")))
        {
            Shim("node", """[ "$1" = "-p" ] && echo 20 || echo v20.20.2""");
        }

        foreach (var (name, body) in new[] { ("dotnet", "exit 0"), ("npm", "exit 0") })
        {
            if (!File.Exists(Path.Combine(Bin, name)))
            {
                Shim(name, body);
            }
        }

        File.CreateSymbolicLink(Path.Combine(Bin, "env"), "/usr/bin/env");
        var start = new ProcessStartInfo("/bin/bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot.Path,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"source .ci/prerequisites.sh && install_prerequisites && echo {Reached}");
        start.Environment.Clear();
        start.Environment["PATH"] = Bin;
        start.Environment["MACHINE"] = _machine;
        start.Environment["PG_CTL_GLOB"] = Path.Combine(_machine, "no-postgresql", "*", "pg_ctl");
        start.Environment["CHROMIUM_PATH"] = Path.Combine(Bin, "chromium");

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await errors);
    }
}

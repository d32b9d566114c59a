using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Amazon.S3;
using ProductDescriber.Storage;

namespace ProductDescriber.Host.Tests.Storage;

/// <summary>
/// A throwaway single-node Ceph RADOS Gateway (a real S3 server: it checks signatures, pre-signed URLs and
/// multipart uploads): one monitor, one in-memory OSD, no cephx, everything in one folder under /tmp that goes
/// away with the processes at the end. Shared by every S3 test class through <see cref="RadosGatewayCollection"/>.
/// </summary>
public sealed class RadosGatewayFixture : IAsyncLifetime
{
    private const string InstallHint =
        "The Ceph RADOS Gateway binaries are missing: run .ci/run, or `apt-get install -y --no-install-recommends radosgw ceph-mon ceph-osd ceph-common`.";

    private static readonly string[] Binaries = ["ceph-mon", "ceph-osd", "radosgw", "ceph", "monmaptool", "radosgw-admin"];
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly List<Process> _daemons = [];
    private string _folder = "";
    private string _config = "";

    public string ServiceUrl { get; private set; } = "";

    public string AccessKey { get; } = "AK" + Convert.ToHexString(RandomNumberGenerator.GetBytes(9));

    public string SecretKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(30));

    internal S3StorageOptions Options(string bucket) => new()
    {
        BucketName = bucket,
        ServiceUrl = ServiceUrl,
        AccessKey = AccessKey,
        SecretKey = SecretKey,
        PartSizeBytes = 5 * 1024 * 1024,
    };

    /// <summary>A client of the gateway, as the Host builds it.</summary>
    internal AmazonS3Client CreateClient() => FileStorageRegistration.CreateClient(Options("unused"));

    /// <summary>Creates a fresh bucket and returns its name.</summary>
    public async Task<string> CreateBucketAsync(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)];
        using var client = CreateClient();
        await client.PutBucketAsync(name);
        return name;
    }

    public async Task InitializeAsync()
    {
        var missing = Binaries.Where(name => !File.Exists(Path.Combine("/usr/bin", name))).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"{InstallHint} (not found: {string.Join(", ", missing)})");
        }

        _folder = Directory.CreateTempSubdirectory("pd-rgw-").FullName;
        try
        {
            await StartAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var daemon in Enumerable.Reverse(_daemons))
        {
            try
            {
                daemon.Kill(entireProcessTree: true);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await daemon.WaitForExitAsync(timeout.Token);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            daemon.Dispose();
        }

        _daemons.Clear();
        if (_folder.Length > 0 && Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private async Task StartAsync()
    {
        var monPort = FreePort();
        var gatewayPort = FreePort();
        var fsid = Guid.NewGuid().ToString();
        _config = Path.Combine(_folder, "ceph.conf");
        await File.WriteAllTextAsync(_config, Config(fsid, monPort, gatewayPort));

        var monmap = Path.Combine(_folder, "monmap");
        await RunAsync("monmaptool", "--create", "--add", "a", $"127.0.0.1:{monPort}", "--fsid", fsid, monmap);
        await RunAsync("ceph-mon", "-c", _config, "--mkfs", "-i", "a", "--monmap", monmap);
        StartDaemon("ceph-mon", "-f", "-c", _config, "-i", "a");

        var osdId = (await RunAsync("ceph", "-c", _config, "--connect-timeout", "60", "osd", "create")).Trim();
        Directory.CreateDirectory(Path.Combine(_folder, "osd"));
        await RunAsync("ceph-osd", "-c", _config, "-i", osdId, "--mkfs");
        StartDaemon("ceph-osd", "-f", "-c", _config, "-i", osdId);

        Directory.CreateDirectory(Path.Combine(_folder, "rgw"));
        StartDaemon("radosgw", "-f", "-c", _config, "-n", "client.rgw");
        await WaitForPortAsync(gatewayPort);

        await RunAsync("radosgw-admin", "-c", _config, "user", "create", "--uid=tests", "--display-name=tests",
            $"--access-key={AccessKey}", $"--secret={SecretKey}");
        ServiceUrl = $"http://127.0.0.1:{gatewayPort}";
    }

    // Every setting here was needed on this machine; see ../shared/research/traps.md. `ms mon client mode = crc`:
    // without cephx only crc framing is possible, and the gateway otherwise insists on secure mode and never connects.
    private string Config(string fsid, int monPort, int gatewayPort) => $"""
        [global]
        fsid = {fsid}
        mon host = 127.0.0.1:{monPort}
        public addr = 127.0.0.1
        ms bind ipv6 = false
        ms mon client mode = crc
        auth cluster required = none
        auth service required = none
        auth client required = none
        osd pool default size = 1
        osd pool default min size = 1
        mon allow pool size one = true
        mon warn on pool no redundancy = false
        mon data avail crit = 0
        osd crush chooseleaf type = 0
        osd objectstore = memstore
        memstore device bytes = 1073741824
        log file = {_folder}/$name.log
        admin socket = {_folder}/$name.asok
        pid file = {_folder}/$name.pid
        run dir = {_folder}
        mon data = {_folder}/mon
        osd data = {_folder}/osd
        rgw data = {_folder}/rgw
        [client.rgw]
        rgw frontends = beast endpoint=127.0.0.1:{gatewayPort}

        """;

    private void StartDaemon(string program, params string[] arguments)
    {
        var process = Process.Start(StartInfo(program, arguments)) ?? throw new InvalidOperationException($"{program} did not start");
        // Drained so a chatty daemon never blocks on a full pipe; its log file has everything.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _daemons.Add(process);
    }

    private async Task<string> RunAsync(string program, params string[] arguments)
    {
        using var process = Process.Start(StartInfo(program, arguments)) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish in {StartTimeout}. {LogTail()}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error} {LogTail()}");
        }

        return await output;
    }

    private async Task WaitForPortAsync(int port)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_daemons.FirstOrDefault(daemon => daemon.HasExited) is { } dead)
            {
                throw new InvalidOperationException($"{dead.StartInfo.FileName} exited with {dead.ExitCode}. {LogTail()}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(250);
            }
        }

        throw new TimeoutException($"The RADOS Gateway did not open port {port} in {StartTimeout}. {LogTail()}");
    }

    private string LogTail()
    {
        var log = Path.Combine(_folder, "client.rgw.log");
        return File.Exists(log) ? "Gateway log: " + string.Join('\n', File.ReadLines(log).TakeLast(15)) : "";
    }

    private ProcessStartInfo StartInfo(string program, string[] arguments)
    {
        var info = new ProcessStartInfo(Path.Combine("/usr/bin", program))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _folder,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class RadosGatewayCollection : ICollectionFixture<RadosGatewayFixture>
{
    public const string Name = "RADOS Gateway";
}

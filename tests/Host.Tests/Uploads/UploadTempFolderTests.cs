using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.Uploads;

/// <summary>
/// Each Host spools uploads in its own folder under the shared temp directory, locked while it lives: a Host killed
/// mid-upload (SIGKILL, no clean-up) leaves its folder behind, and the next Host to start removes it, while the
/// folder of a Host still running is left alone.
/// </summary>
public sealed class UploadTempFolderTests : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly string _parent = Path.Combine(Path.GetTempPath(), $"pd-upload-folders-{Guid.NewGuid():N}");
    private readonly string _storage = Path.Combine(Path.GetTempPath(), $"pd-upload-folders-storage-{Guid.NewGuid():N}");
    private string _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync("upload_folders");

    [Fact]
    public async Task The_folder_of_a_killed_Host_is_swept_by_the_next_Host_and_a_live_Hosts_folder_is_kept()
    {
        await using var live = await TestHost.StartAsync("upload_folders_live", new Dictionary<string, string?> { ["Uploads:TempDirectory"] = _parent }, connectionString: _database);
        var liveFolder = Assert.Single(FoldersOf(Environment.ProcessId));

        string doomedFolder;
        await using (var doomed = HostProcess.Start(HostEnvironment()))
        {
            var url = await doomed.WaitForUrlAsync(StartTimeout);
            using var admin = new GraphQLClient(new HttpClient { BaseAddress = new Uri(url.GetLeftPart(UriPartial.Authority)) });
            var token = await admin.LoginAsync("admin", TestHost.AdminPassword);
            doomedFolder = Assert.Single(FoldersOf(doomed.Id));

            // An upload the Host is in the middle of receiving: its file is in the Host's folder when the Host dies.
            using var upload = await RawUpload.StartAsync(new Uri(url.GetLeftPart(UriPartial.Authority)), await UploadBody.OfRandomFilesAsync(900_000), token);
            await upload.SendAllButAsync(1_000);
            await Eventually.TrueAsync(() => SpooledBytes(doomedFolder) >= 800_000, "the upload to be spooled");

            await doomed.KillAsync();
        }

        Assert.True(SpooledBytes(doomedFolder) >= 800_000, "The killed Host's file should still be there: nothing ran to remove it.");

        await using var successor = HostProcess.Start(HostEnvironment());
        await successor.WaitForUrlAsync(StartTimeout);

        Assert.False(Directory.Exists(doomedFolder), $"The killed Host's folder {doomedFolder} is still there.");
        Assert.True(Directory.Exists(liveFolder), "The live Host's folder was removed.");
        Assert.Single(FoldersOf(successor.Id));
    }

    public Task DisposeAsync()
    {
        foreach (var folder in new[] { _parent, _storage })
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        return Task.CompletedTask;
    }

    private Dictionary<string, string> HostEnvironment() => new()
    {
        ["DATABASE_URL"] = _database,
        ["STORAGE_LOCAL_ROOT"] = _storage,
        ["SECRET_KEY"] = TestHost.SecretKey,
        ["Uploads__TempDirectory"] = _parent,
        // The held upload must still be on disk when the Host is killed, however slow this machine is.
        ["Uploads__RateWindow"] = "00:05:00",
    };

    /// <summary>The folders named after <paramref name="processId"/> (<c>{pid}-{random}</c>).</summary>
    private string[] FoldersOf(int processId) =>
        Directory.Exists(_parent) ? Directory.GetDirectories(_parent, $"{processId}-*") : [];

    private static long SpooledBytes(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder).Where(f => Path.GetFileName(f) != ".lock").Sum(f => new FileInfo(f).Length) : 0;
}

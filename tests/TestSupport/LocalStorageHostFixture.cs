namespace ProductDescriber.TestSupport;

/// <summary>
/// One Host per test class with the Offline provider, storing files under a fresh folder the tests can inspect, and
/// durable jobs tuned for tests (short check-ins, a sweep every 2 s). Module test projects derive their fixture from it.
/// </summary>
public abstract class LocalStorageHostFixture : HostFixture
{
    public string StorageRoot { get; } = Path.Combine(Path.GetTempPath(), "pd-module-tests", Guid.NewGuid().ToString("N"));

    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?>(ExtraSettings)
    {
        ["STORAGE_LOCAL_ROOT"] = StorageRoot,
        ["Jobs:CheckinInterval"] = "00:00:01",
        ["Jobs:CheckinMisfireThreshold"] = "00:00:02",
        ["Jobs:SweepInterval"] = "00:00:02",
        ["Jobs:SweepGrace"] = "00:00:01",
    };

    protected virtual IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    public bool FileExists(string key) => File.Exists(Path.Combine(StorageRoot, key));

    public string ReadFile(string key) => File.ReadAllText(Path.Combine(StorageRoot, key));

    public bool FolderExists(string key) => Directory.Exists(Path.Combine(StorageRoot, key));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(StorageRoot))
        {
            Directory.Delete(StorageRoot, recursive: true);
        }
    }

    public Task<GraphQLClient> AdminAsync() => Host.AdminAsync();
}

using ProductDescriber.TestSupport;

namespace ProductDescriber.Catalog.Tests.Support;

/// <summary>One Host per test class, storing files under a fresh folder the tests can inspect.</summary>
public class CatalogHostFixture : HostFixture
{
    public string StorageRoot { get; } = Path.Combine(Path.GetTempPath(), "pd-catalog-tests", Guid.NewGuid().ToString("N"));

    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?>(ExtraSettings)
    {
        ["STORAGE_LOCAL_ROOT"] = StorageRoot,
    };

    protected virtual IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    /// <summary>Every stored file, as storage keys ('/'-separated, relative to the root); the storage's own folder excluded.</summary>
    public IReadOnlyList<string> StoredKeys(string? under = null)
    {
        var root = under is null ? StorageRoot : Path.Combine(StorageRoot, under);
        return Directory.Exists(root)
            ? [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(StorageRoot, f).Replace('\\', '/'))
                .Where(k => !k.StartsWith("~storage/", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)]
            : [];
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(StorageRoot))
        {
            Directory.Delete(StorageRoot, recursive: true);
        }
    }

    public async Task<GraphQLClient> AdminAsync() => await TestUsers.AdminAsync(Host);

    public async Task<GraphQLClient> MemberAsync()
    {
        var user = await Host.CreateUserAsync();
        var client = Host.CreateGraphQLClient();
        client.Token = user.Token;
        return client;
    }
}

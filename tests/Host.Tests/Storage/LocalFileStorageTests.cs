using ProductDescriber.BuildingBlocks.Storage;
using ProductDescriber.Storage;

namespace ProductDescriber.Host.Tests.Storage;

public sealed class LocalFileStorageTests : FileStorageContractTests, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pd-local-storage-").FullName;
    private readonly LocalFileStorage _storage;

    public LocalFileStorageTests() => _storage = new LocalFileStorage(Path.Combine(_folder, "root"));

    private protected override IFileStorage Storage => _storage;

    private string TempRoot => Path.Combine(_storage.Root, LocalFileStorage.InternalFolderName, "tmp");

    public void Dispose()
    {
        _storage.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    protected override Task AssertNoLeftoversAsync()
    {
        var files = Directory.EnumerateFiles(TempRoot, "*", SearchOption.AllDirectories).Where(file => !file.EndsWith(".lock", StringComparison.Ordinal));
        Assert.Empty(files);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Objects_are_plain_files_under_the_root_laid_out_by_key()
    {
        await Storage.SaveAsync("stasher/refs/photo.png", Text("png bytes"), "image/png", None);
        Assert.Equal("png bytes", await File.ReadAllTextAsync(Path.Combine(_storage.Root, "stasher", "refs", "photo.png")));
    }

    [Fact]
    public async Task DeletePrefix_removes_the_emptied_folders_too()
    {
        await Storage.SaveAsync("gone/refs/thumbs/a.webp", Text("a"), "image/webp", None);
        await Storage.SaveAsync("kept/b.png", Text("b"), "image/png", None);

        await Storage.DeletePrefixAsync("gone/", None);

        Assert.False(Directory.Exists(Path.Combine(_storage.Root, "gone")));
        Assert.True(File.Exists(Path.Combine(_storage.Root, "kept", "b.png")));
    }

    [Fact]
    public async Task A_file_placed_by_hand_gets_its_type_from_its_extension()
    {
        Directory.CreateDirectory(Path.Combine(_storage.Root, "legacy"));
        await File.WriteAllTextAsync(Path.Combine(_storage.Root, "legacy", "old.jpg"), "jpeg");
        Assert.Equal("image/jpeg", (await Storage.GetInfoAsync("legacy/old.jpg", None))!.ContentType);
    }

    [Fact]
    public async Task A_key_naming_a_folder_is_no_object()
    {
        await Storage.SaveAsync("folder/file.txt", Text("x"), "text/plain", None);
        Assert.Null(await Storage.OpenReadAsync("folder", None));
        Assert.Null(await Storage.GetInfoAsync("folder", None));
        Assert.False(await Storage.DeleteAsync("folder", None));
    }

    [Fact]
    public async Task Local_storage_has_no_direct_read_url()
    {
        await Storage.SaveAsync("direct/a.txt", Text("x"), "text/plain", None);
        Assert.Null(await Storage.GetDirectReadUrlAsync("direct/a.txt", TimeSpan.FromMinutes(5), None));
    }

    [Fact]
    public void Temp_files_of_a_crashed_process_are_swept_at_start_and_a_live_ones_kept()
    {
        var crashed = Directory.CreateDirectory(Path.Combine(TempRoot, "crashed-process"));
        File.WriteAllText(Path.Combine(crashed.FullName, ".lock"), "");
        File.WriteAllText(Path.Combine(crashed.FullName, "half-written.tmp"), "partial");
        var live = Directory.GetDirectories(TempRoot).Single(folder => folder != crashed.FullName);

        using var second = new LocalFileStorage(_storage.Root);

        Assert.False(Directory.Exists(crashed.FullName));
        Assert.True(Directory.Exists(live));
    }
}

using ProductDescriber.BuildingBlocks.Storage;

namespace ProductDescriber.BuildingBlocks.Tests;

/// <summary>Temp folders of live processes survive other processes' start-up sweeps, also while being created.</summary>
public sealed class TempFolderTests : IDisposable
{
    private readonly string _parent = Path.Combine(Path.GetTempPath(), "pd-tempfolder-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void A_folder_being_created_with_its_lock_file_not_yet_locked_is_not_swept()
    {
        var creating = Path.Combine(_parent, ".creating-123-abc");
        Directory.CreateDirectory(creating);
        File.WriteAllText(Path.Combine(creating, ".lock"), "");

        using var other = TempFolder.Create(_parent);

        Assert.True(Directory.Exists(creating));
        Assert.True(Directory.Exists(other.Path));
    }

    [Fact]
    public void A_live_folder_is_kept_and_an_abandoned_one_is_swept()
    {
        using var live = TempFolder.Create(_parent);
        var abandoned = Path.Combine(_parent, "999999-dead");
        Directory.CreateDirectory(abandoned);
        File.WriteAllText(Path.Combine(abandoned, ".lock"), "");

        using var next = TempFolder.Create(_parent);

        Assert.True(Directory.Exists(live.Path));
        Assert.False(Directory.Exists(abandoned));
        Assert.DoesNotContain(Directory.EnumerateDirectories(_parent), d => Path.GetFileName(d).StartsWith(".creating-", StringComparison.Ordinal) && d != Path.Combine(_parent, ".creating-123-abc"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_parent))
        {
            Directory.Delete(_parent, recursive: true);
        }
    }
}

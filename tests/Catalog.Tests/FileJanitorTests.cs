using Npgsql;
using ProductDescriber.BuildingBlocks.Storage;
using ProductDescriber.Catalog.Tests.Support;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Catalog.Tests;

/// <summary>
/// What a crash leaves behind (a stored file whose row never committed, a deletion whose storage call never ran)
/// is a pending-deletion row: the janitor carries it out once due, and not before.
/// </summary>
public sealed class FileJanitorTests(FileJanitorTests.Fixture fixture) : IClassFixture<FileJanitorTests.Fixture>
{
    [Fact]
    public async Task Due_deletions_left_by_a_crash_are_carried_out_and_early_ones_wait()
    {
        var storage = fixture.Host.GetService<IFileStorage>();
        var orphan = $"crashed-{Guid.NewGuid():N}/refs/{Guid.NewGuid():N}.png";
        var folder = $"deleted-{Guid.NewGuid():N}/";
        var uploading = $"uploading-{Guid.NewGuid():N}/refs/{Guid.NewGuid():N}.png";
        foreach (var key in new[] { orphan, folder + "refs/a.png", folder + "refs/thumbs/a-256.webp", uploading })
        {
            await storage.SaveAsync(key, new MemoryStream(TestImages.Png(4, 4)), "image/png", CancellationToken.None);
        }

        await using (var connection = new NpgsqlConnection(fixture.Host.ConnectionString))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO storage.file_ledger (storage_key, is_prefix, not_before, attempts) VALUES
                  (@orphan, false, now() - interval '1 minute', 0),
                  (@folder, true, now(), 0),
                  (@uploading, false, now() + interval '1 hour', 0)
                """,
                connection);
            insert.Parameters.AddWithValue("orphan", orphan);
            insert.Parameters.AddWithValue("folder", folder);
            insert.Parameters.AddWithValue("uploading", uploading);
            await insert.ExecuteNonQueryAsync();
        }

        // The janitor deletes the files, then commits the removal of their rows: wait for both.
        await Eventually.AssertAsync(async () =>
        {
            Assert.Null(await storage.GetInfoAsync(orphan, CancellationToken.None));
            Assert.Empty(fixture.StoredKeys(folder));
            Assert.Equal([uploading], await PendingKeysAsync());
        });
        Assert.NotNull(await storage.GetInfoAsync(uploading, CancellationToken.None));
    }

    private async Task<List<string>> PendingKeysAsync()
    {
        await using var connection = new NpgsqlConnection(fixture.Host.ConnectionString);
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand("SELECT storage_key FROM storage.file_ledger ORDER BY id", connection);
        await using var reader = await select.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    public sealed class Fixture : CatalogHostFixture
    {
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Storage:FileJanitorInterval"] = "00:00:00.200",
        };
    }
}

using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using ProductDescriber.BuildingBlocks.Storage;
using ProductDescriber.Storage;
using ProductDescriber.Storage.Ledger;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.Storage.Ledger;

/// <summary>
/// The file ledger's promises (docs/adr/0023-file-ledger.md) over a real database and real files: a deletion happens
/// only if the transaction that recorded it commits, and then surely (at once, or retried with back-off); an upload
/// leaves no orphan whether or not its row commits; two Hosts never work on the same entry. The "module" here is a
/// table of its own in schema <c>shelf</c>, changed in the same transactions as the ledger.
/// </summary>
public sealed class FileLedgerTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly string _folder = Directory.CreateTempSubdirectory("pd-file-ledger-").FullName;
    // Whole seconds: PostgreSQL keeps microseconds, so times read back compare equal to the clock's.
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
    private LocalFileStorage _files = null!;
    private ScriptedStorage _storage = null!;
    private LedgerNode _node = null!;
    private string _connectionString = "";

    private IFileLedger Ledger => _node.Ledger;

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabase.CreateAsync("fileledger");
        _files = new LocalFileStorage(Path.Combine(_folder, "root"));
        _storage = new ScriptedStorage(_files);
        _node = new LedgerNode(_connectionString, _storage, _clock);
        await _node.MigrateAsync();
        await ExecuteAsync("CREATE SCHEMA shelf; CREATE TABLE shelf.items (storage_key text PRIMARY KEY)");
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _files.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_deletion_recorded_in_a_rolled_back_transaction_leaves_no_entry_and_deletes_nothing()
    {
        await StoreItemAsync("shelf/kept.png");
        await StoreAsync("shelf/thumbs/kept-256.webp");

        IReadOnlyList<FileLedgerEntry> entries;
        await using (var db = _node.ModuleContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.Database.ExecuteSqlAsync($"DELETE FROM shelf.items WHERE storage_key = 'shelf/kept.png'");
            entries = await Ledger.RecordDeletionsAsync(db, [FileDeletion.Of("shelf/kept.png"), FileDeletion.Under("shelf/thumbs/kept-")], None);
            Assert.Equal(2, entries.Count);
            await transaction.RollbackAsync();
        }

        await Ledger.DeleteNowAsync(entries, None);
        _clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await _node.SweepAsync());

        Assert.Empty(await LedgerAsync());
        Assert.Empty(_storage.Deletions);
        Assert.True(await ExistsAsync("shelf/kept.png"));
        Assert.True(await ExistsAsync("shelf/thumbs/kept-256.webp"));
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM shelf.items"));
    }

    [Fact]
    public async Task A_committed_deletion_is_carried_out_at_once_and_leaves_no_entry()
    {
        await StoreItemAsync("shelf/gone.png");
        await StoreAsync("shelf/thumbs/gone-64.webp");
        await StoreAsync("shelf/thumbs/gone-128.jpg");
        await StoreItemAsync("shelf/other.png");

        var entries = await DeleteItemAsync("shelf/gone.png", FileDeletion.Of("shelf/gone.png"), FileDeletion.Under("shelf/thumbs/gone-"));
        Assert.Equal(2, (await LedgerAsync()).Count);
        await Ledger.DeleteNowAsync(entries, None);

        Assert.Empty(await LedgerAsync());
        Assert.False(await ExistsAsync("shelf/gone.png"));
        Assert.False(await ExistsAsync("shelf/thumbs/gone-64.webp"));
        Assert.False(await ExistsAsync("shelf/thumbs/gone-128.jpg"));
        Assert.True(await ExistsAsync("shelf/other.png"));
    }

    [Fact]
    public async Task A_committed_deletion_never_carried_out_is_collected_by_the_janitor()
    {
        await StoreItemAsync("shelf/crash.png");

        // The process died right after the commit: nobody called DeleteNowAsync.
        await DeleteItemAsync("shelf/crash.png", FileDeletion.Of("shelf/crash.png"));
        Assert.Equal(1, await _node.SweepAsync());

        Assert.Empty(await LedgerAsync());
        Assert.False(await ExistsAsync("shelf/crash.png"));
    }

    [Fact]
    public async Task Failing_storage_is_retried_with_growing_back_off_until_it_works()
    {
        await StoreItemAsync("shelf/stubborn.png");
        var failures = 2;
        _storage.BeforeDelete = _ => Interlocked.Decrement(ref failures) >= 0 ? throw new IOException("storage is down") : Task.CompletedTask;

        var entries = await DeleteItemAsync("shelf/stubborn.png", FileDeletion.Of("shelf/stubborn.png"));
        await Ledger.DeleteNowAsync(entries, None);

        var first = Assert.Single(await LedgerAsync());
        Assert.Equal((1, _clock.GetUtcNow() + TimeSpan.FromSeconds(60)), (first.Attempts, first.NotBefore));
        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, await _node.SweepAsync());

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await _node.SweepAsync());
        var second = Assert.Single(await LedgerAsync());
        Assert.Equal((2, _clock.GetUtcNow() + TimeSpan.FromSeconds(120)), (second.Attempts, second.NotBefore));
        Assert.True(await ExistsAsync("shelf/stubborn.png"));

        _clock.Advance(TimeSpan.FromSeconds(119));
        Assert.Equal(0, await _node.SweepAsync());
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await _node.SweepAsync());

        Assert.Empty(await LedgerAsync());
        Assert.False(await ExistsAsync("shelf/stubborn.png"));
        Assert.Equal(3, _storage.Deletions["shelf/stubborn.png"]);
    }

    [Theory]
    [InlineData(1, 60)]
    [InlineData(2, 120)]
    [InlineData(6, 1920)]
    [InlineData(7, 3600)]
    [InlineData(1000, 3600)]
    public void The_back_off_doubles_from_a_minute_up_to_an_hour(int attempts, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), FileDeletions.Backoff(attempts));

    [Fact]
    public async Task A_janitor_skips_the_entries_another_one_is_working_on()
    {
        string[] keys = ["shelf/a.png", "shelf/b.png", "shelf/c.png"];
        foreach (var key in keys)
        {
            await StoreItemAsync(key);
            await DeleteItemAsync(key, FileDeletion.Of(key));
        }

        // Host A stalls on its first file while holding its claim on all three entries.
        var stalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _storage.BeforeDelete = async _ =>
        {
            stalled.TrySetResult();
            await resume.Task;
        };
        var sweepA = _node.SweepAsync();
        await stalled.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var storageB = new ScriptedStorage(_files);
        await using (var hostB = new LedgerNode(_connectionString, storageB, _clock))
        {
            Assert.Equal(0, await hostB.SweepAsync());
            await hostB.Ledger.DeleteNowAsync([.. (await LedgerAsync()).Select(e => new FileLedgerEntry(e.Id))], None);
            Assert.Empty(storageB.Deletions);
        }

        resume.SetResult();
        Assert.Equal(3, await sweepA);
        Assert.Empty(await LedgerAsync());
        Assert.All(keys, key => Assert.Equal(1, _storage.Deletions[key]));
        foreach (var key in keys)
        {
            Assert.False(await ExistsAsync(key));
        }
    }

    [Fact]
    public async Task Two_janitors_draining_together_delete_each_file_exactly_once()
    {
        var keys = Enumerable.Range(0, 120).Select(i => $"shelf/many/{i:D3}.png").ToList();
        await using (var db = _node.ModuleContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await Ledger.RecordDeletionsAsync(db, [.. keys.Select(FileDeletion.Of)], None);
            await transaction.CommitAsync();
        }

        var deletions = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        await using var hostA = new LedgerNode(_connectionString, new ScriptedStorage(_files, deletions) { BeforeDelete = _ => Task.Delay(1) }, _clock);
        await using var hostB = new LedgerNode(_connectionString, new ScriptedStorage(_files, deletions) { BeforeDelete = _ => Task.Delay(1) }, _clock);

        await Task.WhenAll(DrainAsync(hostA), DrainAsync(hostB));

        Assert.Empty(await LedgerAsync());
        Assert.Equal(keys, deletions.Keys.Order(StringComparer.Ordinal));
        Assert.All(deletions.Values, count => Assert.Equal(1, count));

        static async Task DrainAsync(LedgerNode host)
        {
            while (await host.SweepAsync(limit: 10) > 0)
            {
            }
        }
    }

    [Fact]
    public async Task An_upload_whose_row_commits_is_kept_after_the_grace()
    {
        var upload = await Ledger.RecordUploadAsync("shelf/new.png", None);
        var entry = Assert.Single(await LedgerAsync());
        Assert.Equal(("shelf/new.png", _clock.GetUtcNow() + TimeSpan.FromHours(1)), (entry.Key, entry.NotBefore));
        await StoreAsync("shelf/new.png");

        await using (var db = _node.ModuleContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.Database.ExecuteSqlAsync($"INSERT INTO shelf.items VALUES ('shelf/new.png')");
            await Ledger.ConfirmUploadAsync(db, upload, None);
            await transaction.CommitAsync();
        }

        _clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, await _node.SweepAsync());
        Assert.Empty(await LedgerAsync());
        Assert.True(await ExistsAsync("shelf/new.png"));
    }

    [Fact]
    public async Task An_upload_whose_row_never_commits_is_collected_once_the_grace_has_passed()
    {
        var upload = await Ledger.RecordUploadAsync("shelf/abandoned.png", None);
        await StoreAsync("shelf/abandoned.png");
        await using (var db = _node.ModuleContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.Database.ExecuteSqlAsync($"INSERT INTO shelf.items VALUES ('shelf/abandoned.png')");
            await Ledger.ConfirmUploadAsync(db, upload, None);
            await transaction.RollbackAsync();
        }

        _clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(0, await _node.SweepAsync());
        Assert.True(await ExistsAsync("shelf/abandoned.png"));

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await _node.SweepAsync());
        Assert.False(await ExistsAsync("shelf/abandoned.png"));
        Assert.Empty(await LedgerAsync());
    }

    [Fact]
    public async Task An_upload_given_up_is_deleted_at_once()
    {
        var upload = await Ledger.RecordUploadAsync("shelf/refused.png", None);
        await StoreAsync("shelf/refused.png");

        await Ledger.DeleteNowAsync([upload], None);

        Assert.False(await ExistsAsync("shelf/refused.png"));
        Assert.Empty(await LedgerAsync());
    }

    [Fact]
    public async Task Confirming_an_upload_whose_file_the_janitor_collected_fails()
    {
        var upload = await Ledger.RecordUploadAsync("shelf/slow.png", None);
        await StoreAsync("shelf/slow.png");
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await _node.SweepAsync());

        await using var db = _node.ModuleContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => Ledger.ConfirmUploadAsync(db, upload, None));
    }

    [Fact]
    public async Task Deletions_and_confirmations_outside_a_transaction_are_refused()
    {
        var upload = await Ledger.RecordUploadAsync("shelf/loose.png", None);
        await using var db = _node.ModuleContext();

        await Assert.ThrowsAsync<InvalidOperationException>(() => Ledger.RecordDeletionsAsync(db, [FileDeletion.Of("shelf/other.png")], None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Ledger.ConfirmUploadAsync(db, upload, None));

        Assert.Equal(["shelf/loose.png"], (await LedgerAsync()).Select(e => e.Key));
    }

    [Fact]
    public async Task A_pending_deletion_keeps_its_prefix_busy_until_it_has_run()
    {
        var entries = await DeleteItemAsync("old_folder/x.png", FileDeletion.Under("old_folder/"));

        Assert.True(await Ledger.HasPendingUnderAsync("old_folder/", None));
        Assert.False(await Ledger.HasPendingUnderAsync("oldxfolder/", None));
        Assert.False(await Ledger.HasPendingUnderAsync("old_folder-2/", None));

        await Ledger.DeleteNowAsync(entries, None);
        Assert.False(await Ledger.HasPendingUnderAsync("old_folder/", None));
    }

    [Fact]
    public void Keys_are_checked_when_recorded_not_when_carried_out()
    {
        Assert.Throws<ArgumentException>(() => FileDeletion.Of("../etc/passwd"));
        Assert.Throws<ArgumentException>(() => FileDeletion.Under("a//b"));
        Assert.Equal(("shelf/", true), (FileDeletion.Under("shelf/").StorageKey, FileDeletion.Under("shelf/").IsPrefix));
    }

    /// <summary>The module's change: its row goes and the files are recorded, in one committed transaction.</summary>
    private async Task<IReadOnlyList<FileLedgerEntry>> DeleteItemAsync(string itemKey, params FileDeletion[] files)
    {
        await using var db = _node.ModuleContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlAsync($"DELETE FROM shelf.items WHERE storage_key = {itemKey}");
        var entries = await Ledger.RecordDeletionsAsync(db, files, None);
        await transaction.CommitAsync();
        return entries;
    }

    private async Task StoreItemAsync(string key)
    {
        await StoreAsync(key);
        await ExecuteAsync("INSERT INTO shelf.items VALUES (@key)", ("key", key));
    }

    private Task StoreAsync(string key) => _files.SaveAsync(key, new MemoryStream([1, 2, 3]), "image/png", None);

    private async Task<bool> ExistsAsync(string key) => await _files.GetInfoAsync(key, None) is not null;

    private async Task<List<(long Id, string Key, bool IsPrefix, DateTimeOffset NotBefore, int Attempts)>> LedgerAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand("SELECT id, storage_key, is_prefix, not_before, attempts FROM storage.file_ledger ORDER BY id", connection);
        await using var reader = await select.ExecuteReaderAsync();
        var rows = new List<(long, string, bool, DateTimeOffset, int)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetBoolean(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetInt32(4)));
        }

        return rows;
    }

    private async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}

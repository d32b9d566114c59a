using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using ProductDescriber.Catalog.Persistence;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Catalog.Tests;

/// <summary>
/// An installation upgraded from the version that kept pending deletions in <c>catalog.pending_file_deletions</c>
/// loses none of them: Catalog's migration moves them into the storage ledger, where the janitor carries them out.
/// </summary>
public sealed class FileLedgerUpgradeTests : IAsyncLifetime
{
    private const string LastMigrationWithOwnTable = "20261125181724_InitialCatalog";

    private readonly string _storageRoot = Path.Combine(Path.GetTempPath(), "pd-catalog-tests", Guid.NewGuid().ToString("N"));
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabase.CreateAsync("ledgerupgrade");
        await using var catalog = new CatalogDbContext(new DbContextOptionsBuilder<CatalogDbContext>()
            .UseNpgsql(_connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history", CatalogDbContext.Schema))
            .UseSnakeCaseNamingConvention()
            .Options);
        await catalog.GetService<IHistoryRepository>().CreateIfNotExistsAsync();
        await catalog.GetService<IMigrator>().MigrateAsync(LastMigrationWithOwnTable);
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(_storageRoot))
        {
            Directory.Delete(_storageRoot, recursive: true);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task Pending_deletions_of_the_old_table_move_to_the_ledger_and_are_carried_out()
    {
        var due = "old-folder/refs/due.png";
        var folder = "old-deleted/";
        var uploading = "old-folder/refs/uploading.png";
        foreach (var key in new[] { due, folder + "refs/a.png", folder + "refs/thumbs/a-256.webp", uploading })
        {
            var path = Path.Combine(_storageRoot, key);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, [1, 2, 3]);
        }

        var uploadNotBefore = ToMicroseconds(DateTimeOffset.UtcNow.AddHours(1));
        var retryNotBefore = ToMicroseconds(DateTimeOffset.UtcNow.AddMinutes(10));
        await ExecuteAsync(
            """
            INSERT INTO catalog.pending_file_deletions (storage_key, is_prefix, not_before, attempts) VALUES
              (@due, false, now() - interval '1 minute', 0),
              (@folder, true, now(), 2),
              (@uploading, false, @uploadNotBefore, 0),
              ('old-failing/refs/x.png', false, @retryNotBefore, 3)
            """,
            ("due", due), ("folder", folder), ("uploading", uploading), ("uploadNotBefore", uploadNotBefore), ("retryNotBefore", retryNotBefore));

        await using var host = await TestHost.StartAsync("ledgerupgrade", new Dictionary<string, string?>
        {
            ["STORAGE_LOCAL_ROOT"] = _storageRoot,
            ["Storage:FileJanitorInterval"] = "00:00:00.200",
        }, connectionString: _connectionString);

        Assert.Null(await ScalarAsync<string>("SELECT to_regclass('catalog.pending_file_deletions')::text"));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && (File.Exists(Path.Combine(_storageRoot, due)) || FilesUnder(folder).Count > 0
            || await ScalarAsync<long>("SELECT count(*) FROM storage.file_ledger") > 2))
        {
            await Task.Delay(100);
        }

        Assert.False(File.Exists(Path.Combine(_storageRoot, due)));
        Assert.Empty(FilesUnder(folder));
        Assert.True(File.Exists(Path.Combine(_storageRoot, uploading)));
        Assert.Equal(
            [(uploading, false, uploadNotBefore, 0), ("old-failing/refs/x.png", false, retryNotBefore, 3)],
            await LedgerAsync());
    }

    // PostgreSQL keeps microseconds, .NET ticks are a tenth of that.
    private static DateTimeOffset ToMicroseconds(DateTimeOffset value) => new(value.Ticks - (value.Ticks % 10), TimeSpan.Zero);

    private List<string> FilesUnder(string folder)
    {
        var path = Path.Combine(_storageRoot, folder);
        return Directory.Exists(path) ? [.. Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)] : [];
    }

    private async Task<List<(string Key, bool IsPrefix, DateTimeOffset NotBefore, int Attempts)>> LedgerAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand("SELECT storage_key, is_prefix, not_before, attempts FROM storage.file_ledger ORDER BY id", connection);
        await using var reader = await select.ExecuteReaderAsync();
        var rows = new List<(string, bool, DateTimeOffset, int)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetBoolean(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetInt32(3)));
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

    private async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull or null ? default : (T)value;
    }
}

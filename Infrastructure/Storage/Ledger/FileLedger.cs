using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ProductDescriber.BuildingBlocks.Storage;

namespace ProductDescriber.Storage.Ledger;

/// <summary>
/// <see cref="IFileLedger"/> over <c>storage.file_ledger</c>. What must share a module's transaction is written with
/// plain SQL through that module's own <see cref="DbContext"/> (its connection, its open transaction), so no module
/// maps the ledger's table and the ledger knows no module's model.
/// </summary>
internal sealed class FileLedger(
    IDbContextFactory<FileLedgerDbContext> contexts,
    FileDeletions deletions,
    IOptions<StorageOptions> options,
    TimeProvider clock) : IFileLedger
{
    public async Task<IReadOnlyList<FileLedgerEntry>> RecordDeletionsAsync(DbContext db, IReadOnlyCollection<FileDeletion> files, CancellationToken cancellationToken)
    {
        RequireTransaction(db, nameof(RecordDeletionsAsync));
        if (files.Count == 0)
        {
            return [];
        }

        var keys = files.Select(f => f.StorageKey).ToArray();
        var prefixes = files.Select(f => f.IsPrefix).ToArray();
        var now = clock.GetUtcNow();
        var ids = await db.Database.SqlQuery<long>(
            $"""
            INSERT INTO storage.file_ledger (storage_key, is_prefix, not_before, attempts)
            SELECT f.key, f.is_prefix, {now}, 0 FROM unnest({keys}::text[], {prefixes}::boolean[]) AS f(key, is_prefix)
            RETURNING id AS "Value"
            """).ToListAsync(cancellationToken);
        return [.. ids.Select(id => new FileLedgerEntry(id))];
    }

    public async Task<FileLedgerEntry> RecordUploadAsync(string key, CancellationToken cancellationToken)
    {
        var row = new FileLedgerRow { StorageKey = StorageKey.Require(key), NotBefore = clock.GetUtcNow() + options.Value.UploadOrphanGrace };
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Rows.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return new FileLedgerEntry(row.Id);
    }

    public async Task ConfirmUploadAsync(DbContext db, FileLedgerEntry upload, CancellationToken cancellationToken)
    {
        RequireTransaction(db, nameof(ConfirmUploadAsync));
        var removed = await db.Database.ExecuteSqlAsync($"DELETE FROM storage.file_ledger WHERE id = {upload.Id}", cancellationToken);
        if (removed == 0)
        {
            throw new InvalidOperationException(
                $"The upload's ledger entry {upload.Id} is gone: its grace passed and the janitor deleted the file, so nothing may refer to it.");
        }
    }

    public Task DeleteNowAsync(IReadOnlyCollection<FileLedgerEntry> entries, CancellationToken cancellationToken) =>
        deletions.RunAsync([.. entries.Select(e => e.Id)], cancellationToken);

    public async Task<bool> HasPendingUnderAsync(string prefix, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Rows.AnyAsync(r => r.StorageKey.StartsWith(prefix), cancellationToken);
    }

    private static void RequireTransaction(DbContext db, string operation)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException(
                $"{operation} must run inside the transaction of the change it belongs to: begin one on the DbContext first.");
        }
    }
}

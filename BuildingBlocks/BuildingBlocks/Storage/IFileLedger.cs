using Microsoft.EntityFrameworkCore;

namespace ProductDescriber.BuildingBlocks.Storage;

/// <summary>
/// Keeps stored files and the rows that refer to them in step, although no transaction spans storage and the
/// database (docs/adr/0023-file-ledger.md). A module records a deletion in the same transaction as the change that
/// orphans the files, and an upload before it stores the file; the storage infrastructure carries both out, right
/// away when asked and otherwise from a janitor that every Host runs.
/// </summary>
public interface IFileLedger
{
    /// <summary>
    /// Records, inside <paramref name="db"/>'s current transaction, that <paramref name="files"/> must go. If that
    /// transaction rolls back, nothing was recorded and nothing is deleted. After the commit, pass the entries to
    /// <see cref="DeleteNowAsync"/>; whatever that misses the janitor retries. Throws when no transaction is open:
    /// a deletion committed on its own could run before the change that orphans the files, or without it.
    /// </summary>
    /// <returns>One entry per file, in no particular order.</returns>
    Task<IReadOnlyList<FileLedgerEntry>> RecordDeletionsAsync(DbContext db, IReadOnlyCollection<FileDeletion> files, CancellationToken cancellationToken);

    /// <summary>
    /// Before storing a new file under <paramref name="key"/>: records, committed at once on the ledger's own
    /// connection, that the file is to be deleted once the upload grace (an hour by default) has passed, unless
    /// <see cref="ConfirmUploadAsync"/> drops the entry first. A process that dies after storing leaves no orphan.
    /// </summary>
    Task<FileLedgerEntry> RecordUploadAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Inside the transaction of <paramref name="db"/> that records the uploaded file: the file is referenced now,
    /// so its upload entry goes (with that transaction, or not at all). Throws when no transaction is open, and
    /// when the entry is gone because the grace passed and the file was collected: the caller must not commit a
    /// row that refers to it.
    /// </summary>
    Task ConfirmUploadAsync(DbContext db, FileLedgerEntry upload, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the files of <paramref name="entries"/> now, due or not: after the commit that recorded a deletion,
    /// or for an upload given up. Never throws for a storage failure: the entries stay for the janitor, with back-off.
    /// </summary>
    Task DeleteNowAsync(IReadOnlyCollection<FileLedgerEntry> entries, CancellationToken cancellationToken);

    /// <summary>Whether a deletion of any key starting with <paramref name="prefix"/> is still pending.</summary>
    Task<bool> HasPendingUnderAsync(string prefix, CancellationToken cancellationToken);
}

/// <summary>A ledger entry, as handed back by <see cref="IFileLedger"/> to carry it out or confirm it later.</summary>
public readonly record struct FileLedgerEntry(long Id);

/// <summary>One file (<see cref="Of"/>) or every file under a prefix (<see cref="Under"/>) to delete; valid keys only.</summary>
public sealed record FileDeletion
{
    private FileDeletion(string storageKey, bool isPrefix)
    {
        StorageKey = storageKey;
        IsPrefix = isPrefix;
    }

    public string StorageKey { get; }

    public bool IsPrefix { get; }

    public static FileDeletion Of(string key) => new(Storage.StorageKey.Require(key), isPrefix: false);

    /// <summary>A plain string prefix, as <see cref="IFileStorage.DeletePrefixAsync"/> takes it: end it with '/' to mean a folder.</summary>
    public static FileDeletion Under(string prefix) => new(Storage.StorageKey.RequirePrefix(prefix), isPrefix: true);
}

namespace ProductDescriber.Storage.Ledger;

/// <summary>
/// A file (or, with <see cref="IsPrefix"/>, every file under a prefix) to delete from storage once
/// <see cref="NotBefore"/> has passed: written in the same transaction as the rows that stop referring to it, so a
/// crash between the database commit and the storage call leaves a retry behind rather than an orphan. Uploads write
/// one ahead of storing a file and remove it when the referring row commits, so a file stored by a process that died
/// is collected too.
/// </summary>
internal sealed class FileLedgerRow
{
    public long Id { get; set; }

    public required string StorageKey { get; set; }

    public bool IsPrefix { get; set; }

    public DateTimeOffset NotBefore { get; set; }

    public int Attempts { get; set; }
}

using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.Storage;

namespace ProductDescriber.Storage.Ledger;

/// <summary>
/// Carries out <see cref="FileLedgerRow"/> rows: right after the commit that wrote them (so a mutation's files are
/// gone when it returns) and, for whatever that missed, from <see cref="FileJanitor"/>.
/// </summary>
internal sealed class FileDeletions(IDbContextFactory<FileLedgerDbContext> contexts, IFileStorage storage, TimeProvider clock, ILogger<FileDeletions> logger)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);

    /// <summary>Deletes the files of the given rows now; failures are left to the janitor, never thrown.</summary>
    public async Task RunAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        try
        {
            var keys = ids.ToArray();
            await RunAsync(db => db.Rows.FromSql(
                $"SELECT * FROM storage.file_ledger WHERE id = ANY({keys}) ORDER BY id FOR UPDATE SKIP LOCKED"), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Deleting {Count} files failed; the janitor will retry", ids.Count);
        }
    }

    /// <summary>Deletes the files of due rows, at most <paramref name="limit"/>; returns how many rows it handled.</summary>
    public Task<int> RunDueAsync(int limit, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return RunAsync(db => db.Rows.FromSql(
            $"SELECT * FROM storage.file_ledger WHERE not_before <= {now} ORDER BY id LIMIT {limit} FOR UPDATE SKIP LOCKED"), cancellationToken);
    }

    /// <summary>Claims the selected rows (SKIP LOCKED: two Hosts, or the janitor and a mutation, never work on the same row).</summary>
    private async Task<int> RunAsync(Func<FileLedgerDbContext, IQueryable<FileLedgerRow>> select, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var rows = await select(db).ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            try
            {
                if (row.IsPrefix)
                {
                    await storage.DeletePrefixAsync(row.StorageKey, cancellationToken);
                }
                else
                {
                    await storage.DeleteAsync(row.StorageKey, cancellationToken);
                }

                db.Rows.Remove(row);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                row.Attempts++;
                row.NotBefore = clock.GetUtcNow() + Backoff(row.Attempts);
                logger.LogWarning(exception, "Deleting {Key} from storage failed (attempt {Attempts})", row.StorageKey, row.Attempts);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return rows.Count;
    }

    internal static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, 30 * Math.Pow(2, Math.Min(attempts, 10))));
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using ProductDescriber.BuildingBlocks.Storage;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Specs.Persistence;
using ProductDescriber.Specs.Templates;
using ProductDescriber.Specs.Yaml;

namespace ProductDescriber.Specs.Specifications;

/// <summary>What a new version is made of; its number is given by <see cref="SpecificationVersions"/>.</summary>
internal sealed record NewVersion(
    ProductInfo Product,
    SpecDocument Document,
    SpecificationSource Source,
    string? TemplateName,
    string? TemplateVersion,
    IReadOnlyList<ValidationIssue> Issues,
    long? CreatedById,
    long? AnalysisRunId = null,
    int? BasedOnVersion = null,
    string? ChangeNotes = null);

/// <summary>
/// The one code path that creates versions (analysis and edit alike): under the product's lock, number = max + 1,
/// every other version inactive, the new one active. The unique (product, version) and one-active indexes hold even
/// against a bug here. After the commit, <see cref="BackUpAsync"/> writes the YAML to storage as
/// <c>specs/v{n}.yaml</c>: a committed number is never reused, so that key is written once.
/// </summary>
internal sealed partial class SpecificationVersions(IFileStorage storage, IFileLedger ledger, TimeProvider time, ILogger<SpecificationVersions> logger)
{
    /// <summary>Creates the version inside the caller's open transaction; the caller commits.</summary>
    public async Task<Specification> CreateAsync(SpecsDbContext db, NewVersion version, CancellationToken cancellationToken)
    {
        var productId = version.Product.Id;
        await SpecsProductLock.AcquireAsync(db, productId, cancellationToken);
        var number = 1 + (await db.Specifications.Where(s => s.ProductId == productId).MaxAsync(s => (int?)s.Version, cancellationToken) ?? 0);
        await db.Specifications
            .Where(s => s.ProductId == productId && s.IsActive)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.IsActive, false), cancellationToken);

        var yaml = version.Document.ToYaml();
        var derived = DerivedFieldExtractor.Extract(version.Document);
        var now = time.GetUtcNow();
        var specification = new Specification
        {
            ProductId = productId,
            Version = number,
            IsActive = true,
            YamlContent = yaml,
            TemplateName = version.TemplateName,
            TemplateVersion = version.TemplateVersion,
            Source = version.Source,
            AnalysisRunId = version.AnalysisRunId,
            BasedOnVersion = version.BasedOnVersion,
            ChangeNotes = version.ChangeNotes,
            ValidationIssues = [.. version.Issues.Select(StoredIssues.From)],
            PrimaryDimensions = derived.PrimaryDimensions,
            PrimaryColors = derived.PrimaryColors,
            MaterialType = Truncate(derived.MaterialType, 100),
            ConfidenceOverall = derived.ConfidenceOverall,
            FieldConfidences = new Dictionary<string, double>(derived.FieldConfidences),
            CreatedById = version.CreatedById,
            CreatedAt = now,
            ActivatedAt = now,
            ActivatedById = version.CreatedById,
        };
        db.Specifications.Add(specification);
        await db.SaveChangesAsync(cancellationToken);
        db.Activations.Add(new SpecificationActivation
        {
            ProductId = productId,
            SpecificationId = specification.Id,
            Version = number,
            ActivatedById = version.CreatedById,
            ActivatedAt = now,
            Reason = "CREATED",
        });
        await db.SaveChangesAsync(cancellationToken);

        return specification;
    }

    /// <summary>
    /// Writes a committed version's YAML to storage. The ledger's upload entry, confirmed only while the version
    /// still exists, lets the janitor remove a file whose product was deleted meanwhile. A storage failure is logged
    /// and not the caller's failure: the database holds the YAML, the file is its copy.
    /// </summary>
    public async Task BackUpAsync(SpecsDbContext db, ProductInfo product, Specification specification, CancellationToken cancellationToken)
    {
        var key = FileKey(product, specification.Version);
        try
        {
            var upload = await ledger.RecordUploadAsync(key, cancellationToken);
            await using (var content = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(specification.YamlContent), writable: false))
            {
                await storage.SaveAsync(key, content, "application/yaml", cancellationToken);
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (await db.Specifications.AnyAsync(s => s.Id == specification.Id, cancellationToken))
            {
                await ledger.ConfirmUploadAsync(db, upload, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogBackupFailed(logger, exception, key);
        }
    }

    /// <summary>Where a version's YAML is kept: <c>{product folder}/specs/v{n}.yaml</c>.</summary>
    public static string FileKey(ProductInfo product, int version) => $"{product.StorageFolder}/specs/v{version}.yaml";

    /// <summary>A product deleted while its version was being written: its row is gone, so the insert's foreign key fails.</summary>
    public static bool IsProductGone(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation };

    [LoggerMessage(Level = LogLevel.Warning, Message = "The YAML copy {Key} could not be written; the version itself is stored")]
    private static partial void LogBackupFailed(ILogger logger, Exception exception, string key);

    private static string? Truncate(string? value, int length) => value is { Length: > 0 } && value.Length > length ? value[..length] : value;
}

/// <summary>
/// A transaction-scoped advisory lock per product in Specs' own key space: Specs may not lock Catalog's rows, and
/// creating and activating versions of one product must run one after another.
/// </summary>
internal static class SpecsProductLock
{
    // 'SPEC' as an int: the first key of PostgreSQL's two-key advisory locks, so no other user of advisory locks
    // collides with these. The second key is the product id (ids above 2^31 wrap, which only serialises two
    // products' version changes with each other: harmless).
    private const int KeySpace = 0x53504543;

    public static Task AcquireAsync(SpecsDbContext db, long productId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({KeySpace}, {unchecked((int)productId)})", cancellationToken);
}

internal static class StoredIssues
{
    public static StoredIssue From(ValidationIssue issue) =>
        new(issue.Path, issue.Message, issue.Severity == IssueSeverity.Error ? "ERROR" : "WARNING");
}

namespace ProductDescriber.Catalog.Contracts;

/// <summary>A product as other modules see it.</summary>
/// <param name="StorageFolder">
/// The product's folder in file storage (its slug when it was created; it does not follow later slug changes, so
/// stored links keep working). Other modules keep the product's files under <c>{StorageFolder}/</c>: deleting the
/// product deletes that folder.
/// </param>
public sealed record ProductInfo(
    long Id,
    string Name,
    string Slug,
    string? Description,
    string? Category,
    IReadOnlyList<string> Tags,
    DateTimeOffset? ArchivedAt,
    long? CreatedById,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string StorageFolder)
{
    /// <summary>Archived products stay readable but get no new uploads, analyses or generations.</summary>
    public bool IsArchived => ArchivedAt is not null;
}

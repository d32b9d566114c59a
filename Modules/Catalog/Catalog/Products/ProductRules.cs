using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;

namespace ProductDescriber.Catalog.Products;

/// <summary>Normalisation and limits of product fields, shared by create and update; the database holds the same limits.</summary>
internal static partial class ProductRules
{
    public const int MaxNameLength = 255;
    public const int MaxSlugLength = 255;
    public const int MaxCategoryLength = 100;
    public const int MaxDescriptionLength = 10_000;
    public const int MaxTagLength = 50;
    public const int MaxTags = 30;

    public static string NormalizeName(string? name) => (name ?? "").Trim();

    public static string? NormalizeOptional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Trimmed, lower case, without blanks and duplicates, in the order given.</summary>
    public static List<string> NormalizeTags(IEnumerable<string?>? tags) =>
        (tags ?? []).Select(t => (t ?? "").Trim().ToLowerInvariant()).Where(t => t.Length > 0).Distinct().ToList();

    /// <summary>The slug as given, trimmed and lower-cased (a client typing "My-Bottle" means "my-bottle").</summary>
    public static string NormalizeSlug(string slug) => slug.Trim().ToLowerInvariant();

    /// <summary>"Stasher Bag (Large) — 1.5 l" becomes "stasher-bag-large-1-5-l"; accents are folded, never empty.</summary>
    public static string SlugFromName(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var lower = char.ToLowerInvariant(c);
            if (lower is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                builder.Append(lower);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var slug = builder.ToString().Trim('-');
        if (slug.Length > MaxSlugLength - 10)
        {
            // Room for a "-2"-style suffix when the slug is taken.
            slug = slug[..(MaxSlugLength - 10)].TrimEnd('-');
        }

        return slug.Length == 0 ? "product" : slug;
    }

    public static IEnumerable<ValidationError> ValidateName(string name)
    {
        if (name.Length == 0)
        {
            yield return new ValidationError("name", "Name is required.");
        }
        else if (name.Length > MaxNameLength)
        {
            yield return new ValidationError("name", $"Name must be at most {MaxNameLength} characters.");
        }
    }

    public static IEnumerable<ValidationError> ValidateSlug(string slug)
    {
        if (slug.Length == 0)
        {
            yield return new ValidationError("slug", "Slug must not be empty; leave it out to derive it from the name.");
        }
        else if (slug.Length > MaxSlugLength)
        {
            yield return new ValidationError("slug", $"Slug must be at most {MaxSlugLength} characters.");
        }
        else if (!SlugPattern().IsMatch(slug))
        {
            yield return new ValidationError("slug", "Slug may contain only lowercase letters a-z, digits, '-' and '_'.");
        }
    }

    public static IEnumerable<ValidationError> ValidateDetails(string? description, string? category, IReadOnlyList<string>? tags)
    {
        if (description?.Length > MaxDescriptionLength)
        {
            yield return new ValidationError("description", $"Description must be at most {MaxDescriptionLength} characters.");
        }

        if (category?.Length > MaxCategoryLength)
        {
            yield return new ValidationError("category", $"Category must be at most {MaxCategoryLength} characters.");
        }

        if (tags is null)
        {
            yield break;
        }

        if (tags.Count > MaxTags)
        {
            yield return new ValidationError("tags", $"At most {MaxTags} tags are allowed ({tags.Count} given).");
        }

        if (tags.FirstOrDefault(t => t.Length > MaxTagLength) is { } longTag)
        {
            yield return new ValidationError("tags", $"Each tag must be at most {MaxTagLength} characters (\"{longTag[..20]}...\" is {longTag.Length}).");
        }
    }

    [GeneratedRegex("^[a-z0-9_-]+$")]
    private static partial Regex SlugPattern();
}

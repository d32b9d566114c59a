using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ProductDescriber.BuildingBlocks.Persistence;

public static class JsonColumns
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Stores a value object or list as <c>jsonb</c> (web casing), compared by its JSON so EF notices changes made
    /// inside a list or record.
    /// </summary>
    public static PropertyBuilder<T> IsJsonb<T>(this PropertyBuilder<T> property)
    {
        property.HasColumnType("jsonb").HasConversion(
            v => JsonSerializer.Serialize(v, Options),
            v => Read<T>(v),
            new ValueComparer<T>(
                (a, b) => JsonSerializer.Serialize(a, Options) == JsonSerializer.Serialize(b, Options),
                v => JsonSerializer.Serialize(v, Options).GetHashCode(StringComparison.Ordinal),
                v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, Options), Options)!));
        return property;
    }

    /// <summary>A <c>jsonb</c> value as <see cref="IsJsonb"/> maps it, for the few reads that bypass EF (docs/adr/0047).</summary>
    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)!;
}

using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ProductDescriber.BuildingBlocks.Persistence;

/// <summary>
/// The migrations a module's code holds, found as EF finds them (a <see cref="Migration"/> of the context's assembly
/// with <see cref="DbContextAttribute"/> naming the context and a <see cref="MigrationAttribute"/> id) but without
/// building an EF context: whether a database is current can then be told by reading its history table alone, which
/// keeps EF's start-up cost out of every start that has nothing to apply (docs/adr/0041).
/// </summary>
public static class ModuleMigrations
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyList<string>> Known = new();

    /// <summary>The ids of <paramref name="contextType"/>'s migrations, in the order EF applies them.</summary>
    public static IReadOnlyList<string> Of(Type contextType)
    {
        ArgumentNullException.ThrowIfNull(contextType);
        return Known.GetOrAdd(contextType, static type => [.. type.Assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(Migration)) && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == type)
            .Select(t => t.GetCustomAttribute<MigrationAttribute>()?.Id)
            .OfType<string>()
            .Order(StringComparer.OrdinalIgnoreCase)]);
    }
}

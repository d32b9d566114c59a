using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ProductDescriber.BuildingBlocks.GraphQL.Paging;
using ProductDescriber.BuildingBlocks.Persistence;

namespace ProductDescriber.Bench;

/// <summary>
/// The data layer of <c>users(first: 20)</c> on its own. Identity's DbContext is internal, so this maps a read-only
/// copy of <c>identity.users</c> the way the module does (same data source, snake_case, pooled factory, the Host's
/// statement counter) and reads the same page four ways: through the shared <see cref="KeysetPaging"/> (what the
/// GraphQL field does), as a static LINQ query, as EF compiled queries, and with the plain endpoint's SQL.
/// </summary>
internal sealed class EfProbe
{
    private static readonly SortKey<ProbeUser>[] ByUsername = [SortKey<ProbeUser>.Ascending(u => u.Username), SortKey<ProbeUser>.Ascending(u => u.Id)];

    private static readonly Func<ProbeDbContext, int, IAsyncEnumerable<ProbeUser>> CompiledPage = EF.CompileAsyncQuery(
        (ProbeDbContext db, int take) => db.Users.AsNoTracking().OrderBy(u => u.Username).ThenBy(u => u.Id).Take(take));

    private static readonly Func<ProbeDbContext, Task<int>> CompiledCount = EF.CompileAsyncQuery((ProbeDbContext db) => db.Users.Count());

    private readonly IDbContextFactory<ProbeDbContext> _contexts;

    public EfProbe(IServiceProvider hostServices)
    {
        // A container of its own: the Host's is built already. Registered as ModuleDatabase registers a module's.
        var services = new ServiceCollection().AddPooledDbContextFactory<ProbeDbContext>(options => options
            .UseNpgsql(hostServices.GetRequiredService<NpgsqlDataSource>())
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(hostServices.GetRequiredService<SqlStatementCounter>()));
        _contexts = services.BuildServiceProvider().GetRequiredService<IDbContextFactory<ProbeDbContext>>();
    }

    public IEnumerable<(string Step, Func<Task<int>> Call)> Steps(int size) =>
    [
        ("ef: KeysetPaging.ToConnectionAsync, as the field does", () => KeysetAsync(size)),
        ("ef: the same page + count as static LINQ", () => LinqAsync(size)),
        ("ef: the same page + count as compiled queries", () => CompiledAsync(size)),
        ("keyset: 20 cursors encoded as KeysetPaging does", () => Task.FromResult(EncodeCursors(size))),
    ];

    private static readonly Delegate[] CursorReaders = [((Expression<Func<ProbeUser, string>>)(u => u.Username)).Compile(), ((Expression<Func<ProbeUser, long>>)(u => u.Id)).Compile()];

    private static readonly ProbeUser CursorRow = new()
    {
        Id = 42,
        Username = "bench-user-042",
        Email = "bench-user-042@example.com",
        Role = "member",
        PasswordHash = "",
        SecurityStamp = "",
    };

    /// <summary>KeysetPaging encodes a cursor for every row: each key read by DynamicInvoke, then JSON, then base64.</summary>
    private static int EncodeCursors(int rows)
    {
        var length = 0;
        for (var i = 0; i < rows; i++)
        {
            var values = CursorReaders.Select(read => read.DynamicInvoke(CursorRow)).ToArray();
            length += Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(values)).Length;
        }

        return length;
    }

    private async Task<int> KeysetAsync(int size)
    {
        await using var db = await _contexts.CreateDbContextAsync();
        var page = await db.Users.AsNoTracking().ToConnectionAsync(new PageRequest(size, Backward: false, Cursor: null, IncludeTotalCount: true), ByUsername, CancellationToken.None);
        return page.Edges.Count;
    }

    private async Task<int> LinqAsync(int size)
    {
        await using var db = await _contexts.CreateDbContextAsync();
        var rows = await db.Users.AsNoTracking().OrderBy(u => u.Username).ThenBy(u => u.Id).Take(size + 1).ToListAsync();
        return rows.Count + await db.Users.CountAsync();
    }

    private async Task<int> CompiledAsync(int size)
    {
        await using var db = await _contexts.CreateDbContextAsync();
        var rows = new List<ProbeUser>(size + 1);
        await foreach (var row in CompiledPage(db, size + 1))
        {
            rows.Add(row);
        }

        return rows.Count + await CompiledCount(db);
    }

    private sealed class ProbeDbContext(DbContextOptions<ProbeDbContext> options) : DbContext(options)
    {
        public DbSet<ProbeUser> Users => Set<ProbeUser>();

        protected override void OnModelCreating(ModelBuilder modelBuilder) =>
            modelBuilder.Entity<ProbeUser>().ToTable("users", "identity");
    }

    private sealed class ProbeUser
    {
        public long Id { get; init; }

        public required string Username { get; init; }

        public required string Email { get; init; }

        public required string Role { get; init; }

        public bool IsActive { get; init; }

        public DateTimeOffset CreatedAt { get; init; }

        // Not read by the GraphQL type, but the module's entity loads them too: the same row width.
        public required string PasswordHash { get; init; }

        public required string SecurityStamp { get; init; }

        public DateTimeOffset UpdatedAt { get; init; }

        public DateTimeOffset? LastLoginAt { get; init; }
    }
}

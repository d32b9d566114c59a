using System.Text;
using GraphQL;
using GraphQL.Execution;
using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.GraphQL.Paging;
using ProductDescriber.TestSupport;

namespace ProductDescriber.BuildingBlocks.Tests;

/// <summary>Keyset paging against real PostgreSQL, on rows whose sort keys tie so that the id must break the ties.</summary>
public sealed class KeysetPagingTests : IAsyncLifetime
{
    private static readonly SortKey<Widget>[] ByRank = [SortKey<Widget>.Ascending(w => w.Rank), SortKey<Widget>.Ascending(w => w.Id)];

    private static readonly SortKey<Widget>[] ByNameDescending = [SortKey<Widget>.Descending(w => w.Name), SortKey<Widget>.Ascending(w => w.Id)];

    private static readonly SortKey<Widget>[] ByMadeAt = [SortKey<Widget>.Descending(w => w.MadeAt), SortKey<Widget>.Descending(w => w.Id)];

    private string _connectionString = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabase.CreateAsync("paging");
        await using var db = Db();
        await db.Database.EnsureCreatedAsync();
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 23; i++)
        {
            // Ranks, names and times repeat, so most pages end in the middle of a run of ties.
            db.Widgets.Add(new Widget { Rank = i % 4, Name = $"w{i % 5}", MadeAt = start.AddHours(i % 3) });
        }

        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, int> Orderings() => new()
    {
        { nameof(ByRank), 1 },
        { nameof(ByRank), 4 },
        { nameof(ByNameDescending), 3 },
        { nameof(ByMadeAt), 5 },
        { nameof(ByMadeAt), 100 },
    };

    [Theory]
    [MemberData(nameof(Orderings))]
    public async Task Forward_pages_cover_every_row_once_in_order(string ordering, int size)
    {
        var keys = Keys(ordering);
        var seen = new List<long>();
        string? cursor = null;
        var pages = 0;
        while (true)
        {
            var page = await PageAsync(new PageRequest(size, Backward: false, cursor), keys);
            seen.AddRange(page.Edges.Select(e => e.Node.Id));
            Assert.Equal(cursor is not null, page.PageInfo.HasPreviousPage);
            pages++;
            if (!page.PageInfo.HasNextPage)
            {
                break;
            }

            Assert.Equal(size, page.Edges.Count);
            cursor = page.PageInfo.EndCursor;
        }

        Assert.Equal(await ExpectedAsync(ordering), seen);
        Assert.Equal((int)Math.Ceiling(23.0 / size), pages);
    }

    [Theory]
    [MemberData(nameof(Orderings))]
    public async Task Backward_pages_cover_every_row_once_in_order(string ordering, int size)
    {
        var keys = Keys(ordering);
        var pages = new List<List<long>>();
        string? cursor = null;
        while (true)
        {
            var page = await PageAsync(new PageRequest(size, Backward: true, cursor), keys);
            pages.Insert(0, [.. page.Edges.Select(e => e.Node.Id)]);
            Assert.Equal(cursor is not null, page.PageInfo.HasNextPage);
            if (!page.PageInfo.HasPreviousPage)
            {
                break;
            }

            Assert.Equal(size, page.Edges.Count);
            cursor = page.PageInfo.StartCursor;
        }

        Assert.Equal(await ExpectedAsync(ordering), pages.SelectMany(p => p));
    }

    [Fact]
    public async Task Cursors_of_a_page_continue_from_any_row_in_both_directions()
    {
        var expected = await ExpectedAsync(nameof(ByRank));
        var all = await PageAsync(new PageRequest(100, Backward: false, null), ByRank);
        var middle = all.Edges[10];

        var after = await PageAsync(new PageRequest(3, Backward: false, middle.Cursor), ByRank);
        var before = await PageAsync(new PageRequest(3, Backward: true, middle.Cursor), ByRank);

        Assert.Equal(expected.Skip(11).Take(3), after.Edges.Select(e => e.Node.Id));
        Assert.Equal(expected.Skip(7).Take(3), before.Edges.Select(e => e.Node.Id));
        Assert.Equal(before.Edges[^1].Cursor, all.Edges[9].Cursor);
    }

    [Fact]
    public async Task Total_count_counts_the_whole_filtered_list_only_when_asked()
    {
        await using var db = Db();
        var filtered = db.Widgets.Where(w => w.Rank == 1);

        var counted = await filtered.ToConnectionAsync(new PageRequest(2, false, null, IncludeTotalCount: true), ByRank, default);
        var uncounted = await filtered.ToConnectionAsync(new PageRequest(2, false, null), ByRank, default);

        Assert.Equal(6, await counted.CountAsync(default));
        Assert.Equal(0, await uncounted.CountAsync(default));
        Assert.All(counted.Edges, e => Assert.Equal(1, e.Node.Rank));
    }

    [Fact]
    public async Task Total_count_is_right_on_an_empty_page_past_the_end_and_with_a_cursor()
    {
        await using var db = Db();
        var filtered = db.Widgets.Where(w => w.Rank == 1);
        var all = await filtered.ToConnectionAsync(new PageRequest(100, false, null), ByRank, default);

        var pastTheEnd = await filtered.ToConnectionAsync(new PageRequest(5, false, all.Edges[^1].Cursor, IncludeTotalCount: true), ByRank, default);
        var fromTheMiddle = await filtered.ToConnectionAsync(new PageRequest(2, false, all.Edges[2].Cursor, IncludeTotalCount: true), ByRank, default);

        Assert.Empty(pastTheEnd.Edges);
        Assert.Equal(6, await pastTheEnd.CountAsync(default));
        Assert.Equal(2, fromTheMiddle.Edges.Count);
        Assert.Equal(6, await fromTheMiddle.CountAsync(default));
    }

    [Fact]
    public async Task An_empty_list_gives_an_empty_page_with_no_cursors()
    {
        await using var db = Db();
        var page = await db.Widgets.Where(w => w.Rank > 100).ToConnectionAsync(new PageRequest(5, false, null), ByRank, default);

        Assert.Empty(page.Edges);
        Assert.Equal(new ConnectionPageInfo(false, false, null, null), page.PageInfo);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("")]
    [InlineData("[1,2]")]
    [InlineData("{\"rank\":1}")]
    [InlineData("[1]")]
    [InlineData("[1,2,3]")]
    [InlineData("[\"one\",2]")]
    [InlineData("[null,2]")]
    [InlineData("[1,\"x\"]")]
    [InlineData("[1.5,2]")]
    [InlineData("not json")]
    public async Task A_malformed_cursor_is_an_INVALID_CURSOR_error(string cursorText)
    {
        var cursor = cursorText.StartsWith('[') || cursorText.StartsWith('{') || cursorText == "not json"
            ? Convert.ToBase64String(Encoding.UTF8.GetBytes(cursorText))
            : cursorText;
        if (cursorText == "[1,2]")
        {
            // Well-formed for ByRank, so use it where it cannot fit: ByNameDescending wants a string first.
            var error = await Assert.ThrowsAsync<ExecutionError>(() => PageAsync(new PageRequest(5, false, cursor), ByNameDescending));
            Assert.Equal("INVALID_CURSOR", error.Code);
            return;
        }

        foreach (var backward in new[] { false, true })
        {
            var error = await Assert.ThrowsAsync<ExecutionError>(() => PageAsync(new PageRequest(5, backward, cursor), ByRank));
            Assert.Equal("INVALID_CURSOR", error.Code);
        }
    }

    [Theory]
    [InlineData(3, 3, null, null)]
    [InlineData(-1, null, null, null)]
    [InlineData(null, -1, null, null)]
    [InlineData(101, null, null, null)]
    [InlineData(null, 101, null, null)]
    [InlineData(null, 3, "c", null)]
    [InlineData(3, null, null, "c")]
    [InlineData(null, null, "c", "c")]
    public void Contradictory_or_oversized_arguments_are_an_INVALID_PAGING_error(int? first, int? last, string? after, string? before)
    {
        var error = Assert.Throws<ExecutionError>(() => PageRequest.FromArguments(Context(first, last, after, before)));
        Assert.Equal("INVALID_PAGING", error.Code);
    }

    [Theory]
    [InlineData(null, null, null, null, 20, false, null)]
    [InlineData(5, null, "a", null, 5, false, "a")]
    [InlineData(null, 7, null, "b", 7, true, "b")]
    [InlineData(null, null, null, "b", 20, true, "b")]
    [InlineData(100, null, null, null, 100, false, null)]
    [InlineData(0, null, null, null, 0, false, null)]
    public void Valid_arguments_pick_size_direction_and_cursor(int? first, int? last, string? after, string? before, int size, bool backward, string? cursor)
    {
        var page = PageRequest.FromArguments(Context(first, last, after, before));
        Assert.Equal(new PageRequest(size, backward, cursor), page);
    }

    private static ResolveFieldContext Context(int? first, int? last, string? after, string? before)
    {
        var arguments = new Dictionary<string, ArgumentValue>();
        void Add(string name, object? value)
        {
            if (value is not null)
            {
                arguments[name] = new ArgumentValue(value, ArgumentSource.Literal);
            }
        }

        Add("first", first);
        Add("last", last);
        Add("after", after);
        Add("before", before);
        return new ResolveFieldContext { Arguments = arguments };
    }

    private static SortKey<Widget>[] Keys(string ordering) => ordering switch
    {
        nameof(ByRank) => ByRank,
        nameof(ByNameDescending) => ByNameDescending,
        _ => ByMadeAt,
    };

    private async Task<List<long>> ExpectedAsync(string ordering)
    {
        await using var db = Db();
        var rows = await db.Widgets.AsNoTracking().ToListAsync();
        return ordering switch
        {
            nameof(ByRank) => [.. rows.OrderBy(w => w.Rank).ThenBy(w => w.Id).Select(w => w.Id)],
            nameof(ByNameDescending) => [.. rows.OrderByDescending(w => w.Name, StringComparer.Ordinal).ThenBy(w => w.Id).Select(w => w.Id)],
            _ => [.. rows.OrderByDescending(w => w.MadeAt).ThenByDescending(w => w.Id).Select(w => w.Id)],
        };
    }

    private async Task<ConnectionResult<Widget>> PageAsync(PageRequest page, IReadOnlyList<SortKey<Widget>> keys)
    {
        await using var db = Db();
        return await db.Widgets.AsNoTracking().ToConnectionAsync(page, keys, default);
    }

    private PagingDbContext Db() => new(new DbContextOptionsBuilder<PagingDbContext>().UseNpgsql(_connectionString).Options);

    private sealed class PagingDbContext(DbContextOptions<PagingDbContext> options) : DbContext(options)
    {
        public DbSet<Widget> Widgets => Set<Widget>();

        protected override void OnModelCreating(ModelBuilder modelBuilder) =>
            modelBuilder.Entity<Widget>().ToTable("widgets").Property(w => w.Id).UseIdentityAlwaysColumn();
    }
}

internal sealed class Widget
{
    public long Id { get; private set; }

    public int Rank { get; set; }

    public required string Name { get; set; }

    public DateTimeOffset MadeAt { get; set; }
}

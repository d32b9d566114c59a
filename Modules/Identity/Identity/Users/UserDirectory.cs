using Npgsql;
using NpgsqlTypes;
using ProductDescriber.BuildingBlocks.Persistence;
using ProductDescriber.Identity.Contracts;

namespace ProductDescriber.Identity.Users;

/// <summary>
/// Batched user lookups for other modules and for Identity's own loader: one query per batch. Behind `me` and every
/// createdBy/requestedBy on a page, so it is the hottest read of the product: it goes through Npgsql with a
/// positional parameter, not EF, which spent 40-60 us of CPU per call on the command's set-up and the SQL's
/// parameter rewrite even as a compiled query (ADR 0044). So does the first page of <c>users</c> (ADR 0047). The
/// columns are <c>IdentityDbContext</c>'s mapping of <c>User</c>; <c>UserDirectoryTests</c> reads through both and
/// compares.
/// </summary>
internal sealed class UserDirectory(NpgsqlDataSource dataSource, SqlStatementCounter statements) : IUserDirectory
{
    private const string Columns = "id, username, email, role, is_active, created_at";

    private const string UsersWithIds = $"SELECT {Columns} FROM identity.users WHERE id = ANY($1)";

    private const string FirstByUsername = $"SELECT {Columns} FROM identity.users ORDER BY username, id LIMIT $1";

    private const string FirstByUsernameWithTotal =
        $"SELECT {Columns}, (SELECT count(*) FROM identity.users) FROM identity.users ORDER BY username, id LIMIT $1";

    public async Task<IReadOnlyDictionary<long, UserInfo>> FindAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(UsersWithIds);
        command.Parameters.Add(new NpgsqlParameter<long[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, TypedValue = [.. ids] });
        statements.CountCommand();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var users = new Dictionary<long, UserInfo>(ids.Count);
        while (await reader.ReadAsync(cancellationToken))
        {
            var user = Read(reader);
            users[user.Id] = user;
        }

        return users;
    }

    /// <summary>
    /// The first <paramref name="take"/> users by username (then id), and with <paramref name="withTotal"/> how many
    /// users there are, in the same statement: the list an admin opens first. An empty page means no users at all,
    /// so its total is 0.
    /// </summary>
    public async Task<(List<UserInfo> Users, int Total)> FirstByUsernameAsync(int take, bool withTotal, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(withTotal ? FirstByUsernameWithTotal : FirstByUsername);
        command.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = take });
        statements.CountCommand();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var users = new List<UserInfo>(take);
        var total = 0L;
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(Read(reader));
            total = withTotal ? reader.GetInt64(6) : 0;
        }

        return (users, checked((int)total));
    }

    private static UserInfo Read(NpgsqlDataReader reader) =>
        new(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetBoolean(4), reader.GetFieldValue<DateTimeOffset>(5));
}

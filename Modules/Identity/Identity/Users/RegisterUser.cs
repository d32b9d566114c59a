using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.Identity.Passwords;
using ProductDescriber.Identity.Persistence;

namespace ProductDescriber.Identity.Users;

/// <summary><c>registerUser</c>: an admin creates an account.</summary>
internal static class RegisterUser
{
    public static void AddField(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<UserPayloadGraphType>, UserPayload>("registerUser")
            .Description("Creates a user. Admins only.")
            .Argument<NonNullGraphType<RegisterUserInputGraphType>>("input")
            .AuthorizeWithRoles(Roles.Admin)
            .Resolve()
            .WithScope()
            .WithService<RegisterUserHandler>()
            .ResolveAsync(async (ctx, handler) => await handler.RegisterAsync(ctx.GetArgument<RegisterUserInput>("input"), ctx.CancellationToken));
}

internal sealed class RegisterUserInput
{
    public string Username { get; init; } = "";

    public string Email { get; init; } = "";

    public string Password { get; init; } = "";

    /// <summary>Null when the client sent <c>role: null</c>; that means the default too.</summary>
    public string? Role { get; init; }
}

internal sealed class RegisterUserInputGraphType : InputObjectGraphType<RegisterUserInput>
{
    public RegisterUserInputGraphType()
    {
        Name = "RegisterUserInput";
        Field(i => i.Username).Description("3 to 50 of a-z, 0-9, '.', '_', '-'; stored lower case.");
        Field(i => i.Email);
        Field(i => i.Password).Description("At least 10 characters, at most 72 bytes, not easily guessed.");
        Field<UserRoleGraphType>("role").Description("Defaults to MEMBER.").DefaultValue(Roles.Member);
    }
}

internal sealed class RegisterUserHandler(IdentityDbContext db, PasswordHasher hasher)
{
    public async Task<UserPayload> RegisterAsync(RegisterUserInput input, CancellationToken cancellationToken)
    {
        var username = UserRules.NormalizeUsername(input.Username);
        var email = UserRules.NormalizeEmail(input.Email);
        var role = input.Role ?? Roles.Member;
        var errors = UserRules.Validate(username, email, input.Password, role).ToList<PayloadError>();
        errors.AddRange(await TakenAsync(username, email, cancellationToken));
        if (errors.Count > 0)
        {
            return UserPayload.Failure([.. errors]);
        }

        var user = new User { Username = username, Email = email, PasswordHash = await hasher.HashAsync(input.Password), Role = role };
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique)
        {
            // Lost a race with a concurrent registration of the same name or email.
            db.Entry(user).State = EntityState.Detached;
            var field = unique.ConstraintName?.Contains("email", StringComparison.Ordinal) == true ? "email" : "username";
            return UserPayload.Failure(Taken(field));
        }

        return UserPayload.Success(user.ToInfo());
    }

    private async Task<IEnumerable<ValidationError>> TakenAsync(string username, string email, CancellationToken cancellationToken)
    {
        var clashes = await db.Users
            .Where(u => u.Username == username || u.Email == email)
            .Select(u => new { u.Username, u.Email })
            .ToListAsync(cancellationToken);
        var errors = new List<ValidationError>();
        if (clashes.Any(c => c.Username == username))
        {
            errors.Add(Taken("username"));
        }

        if (clashes.Any(c => c.Email == email))
        {
            errors.Add(Taken("email"));
        }

        return errors;
    }

    private static ValidationError Taken(string field) => new(field, $"This {field} is already registered.");
}

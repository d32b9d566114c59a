using System.Net.Mail;
using System.Text.RegularExpressions;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.Identity.Passwords;

namespace ProductDescriber.Identity.Users;

internal static partial class UserRules
{
    public static string NormalizeUsername(string? username) => (username ?? "").Trim().ToLowerInvariant();

    public static string NormalizeEmail(string? email) => (email ?? "").Trim().ToLowerInvariant();

    public static IEnumerable<ValidationError> Validate(string username, string email, string password, string role)
    {
        if (!UsernamePattern().IsMatch(username))
        {
            yield return new ValidationError("username", "Use 3 to 50 characters: letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }

        if (email.Length > 254 || !MailAddress.TryCreate(email, out var address) || address.Address != email)
        {
            yield return new ValidationError("email", "Enter a valid email address.");
        }

        if (PasswordPolicy.Check(password, username) is { } reason)
        {
            yield return new ValidationError("password", reason);
        }

        if (!Roles.All.Contains(role))
        {
            yield return new ValidationError("role", "Unknown role.");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{2,49}$")]
    private static partial Regex UsernamePattern();
}

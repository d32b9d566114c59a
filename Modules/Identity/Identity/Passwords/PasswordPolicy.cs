using System.Text;

namespace ProductDescriber.Identity.Passwords;

/// <summary>
/// NIST SP 800-63B style: length matters, composition rules do not. bcrypt reads only 72 bytes, so longer
/// passwords would silently be truncated: refuse them instead.
/// </summary>
internal static class PasswordPolicy
{
    public const int MinLength = 10;
    public const int MaxBytes = 72;

    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "password1", "password12", "password123", "1234567890", "0123456789", "qwertyuiop",
        "admin12345", "letmein123", "iloveyou12", "welcome123", "changeme123", "administrator", "qwerty1234",
        "1q2w3e4r5t", "passw0rd123", "abcdefghij", "0987654321", "1111111111", "admin123456",
    };

    /// <summary>Returns why the password is refused, or null when it is acceptable.</summary>
    public static string? Check(string password, string username)
    {
        if (password.Length < MinLength)
        {
            return $"Use at least {MinLength} characters.";
        }

        if (Encoding.UTF8.GetByteCount(password) > MaxBytes)
        {
            return $"Use at most {MaxBytes} bytes (bcrypt ignores the rest).";
        }

        if (password.Distinct().Count() < 4)
        {
            return "Use more than three distinct characters.";
        }

        if (Common.Contains(password) || password.Contains(username, StringComparison.OrdinalIgnoreCase))
        {
            return "This password is too easy to guess.";
        }

        return null;
    }
}

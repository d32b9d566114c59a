using ProductDescriber.Identity.Login;

namespace ProductDescriber.Identity;

/// <summary>Settings of the Identity module (configuration section <c>Identity</c>; the seed's flat names also work).</summary>
internal sealed class IdentityOptions
{
    /// <summary>The development default; Production refuses to start with it.</summary>
    public const string DevelopmentSecretKey = "development-only-secret-key-change-me-0123456789";

    public const string DevelopmentAdminPassword = "admin123";

    /// <summary>HS256 key, at least 32 bytes (<c>SECRET_KEY</c>).</summary>
    public string SecretKey { get; set; } = "";

    /// <summary>Access token lifetime (<c>ACCESS_TOKEN_EXPIRE_MINUTES</c>).</summary>
    public int AccessTokenExpireMinutes { get; set; } = 30;

    public string Issuer { get; set; } = "product-describer";

    public string Audience { get; set; } = "product-describer";

    /// <summary>bcrypt cost; 2^n rounds. 11 takes about 100-150 ms on this project's 2-core reference machine.</summary>
    public int BcryptWorkFactor { get; set; } = 11;

    /// <summary>Password checks allowed to wait for a bcrypt thread before new ones are refused.</summary>
    public int PasswordQueueLength { get; set; } = 64;

    public string AdminUsername { get; set; } = "admin";

    public string AdminEmail { get; set; } = "admin@example.com";

    /// <summary>The seeded admin's password (<c>ADMIN_PASSWORD</c>); <c>admin123</c> only in Development.</summary>
    public string? AdminPassword { get; set; }

    public LoginThrottleOptions LoginThrottle { get; set; } = new();
}

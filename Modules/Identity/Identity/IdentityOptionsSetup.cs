using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ProductDescriber.Identity.Login;
using ProductDescriber.Identity.Passwords;

namespace ProductDescriber.Identity;

/// <summary>
/// Reads the seed's flat names (<c>SECRET_KEY</c>, <c>ACCESS_TOKEN_EXPIRE_MINUTES</c>, <c>ADMIN_PASSWORD</c>...)
/// over the <c>Identity</c> section, and fills the development defaults only in Development.
/// </summary>
internal sealed class IdentityOptionsSetup(IConfiguration configuration, IHostEnvironment environment) : IConfigureOptions<IdentityOptions>
{
    public void Configure(IdentityOptions options)
    {
        configuration.GetSection("Identity").Bind(options);
        options.SecretKey = Setting("SECRET_KEY") ?? options.SecretKey;
        options.AdminUsername = Setting("ADMIN_USERNAME") ?? options.AdminUsername;
        options.AdminEmail = Setting("ADMIN_EMAIL") ?? options.AdminEmail;

        // Empty means unset (`ADMIN_PASSWORD=` or compose's `${ADMIN_PASSWORD}` with nothing behind it): never an
        // empty admin password.
        options.AdminPassword = Setting("ADMIN_PASSWORD") ?? (string.IsNullOrEmpty(options.AdminPassword) ? null : options.AdminPassword);
        if (int.TryParse(configuration["ACCESS_TOKEN_EXPIRE_MINUTES"], out var minutes))
        {
            options.AccessTokenExpireMinutes = minutes;
        }

        if (environment.IsDevelopment() && string.IsNullOrEmpty(options.SecretKey))
        {
            options.SecretKey = IdentityOptions.DevelopmentSecretKey;
        }
    }

    private string? Setting(string name) => configuration[name] is { Length: > 0 } value ? value : null;
}

/// <summary>Refuses to start with settings that would make tokens forgeable or the admin guessable.</summary>
internal sealed class IdentityOptionsValidator(IHostEnvironment environment) : IValidateOptions<IdentityOptions>
{
    public ValidateOptionsResult Validate(string? name, IdentityOptions options)
    {
        var failures = new List<string>();
        if (Encoding.UTF8.GetByteCount(options.SecretKey) < 32)
        {
            failures.Add("SECRET_KEY must be set to a random value of at least 32 bytes (e.g. `openssl rand -base64 48`).");
        }

        if (options.AccessTokenExpireMinutes is < 1 or > 24 * 60)
        {
            failures.Add("ACCESS_TOKEN_EXPIRE_MINUTES must be between 1 and 1440.");
        }

        if (options.BcryptWorkFactor is < 10 or > 16)
        {
            failures.Add("Identity:BcryptWorkFactor must be between 10 and 16.");
        }

        failures.AddRange(LoginThrottleProblems(options.LoginThrottle));
        if (!environment.IsDevelopment())
        {
            if (options.SecretKey == IdentityOptions.DevelopmentSecretKey)
            {
                failures.Add("SECRET_KEY is the development default; set your own outside Development.");
            }

            if (options.AdminPassword is null || options.AdminPassword == IdentityOptions.DevelopmentAdminPassword)
            {
                failures.Add("ADMIN_PASSWORD must be set (and not to the development default) outside Development.");
            }
            else if (PasswordPolicy.Check(options.AdminPassword, options.AdminUsername) is { } reason)
            {
                failures.Add($"ADMIN_PASSWORD is too weak: {reason}");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> LoginThrottleProblems(LoginThrottleOptions throttle)
    {
        if (throttle.FirstDelay <= TimeSpan.Zero)
        {
            yield return "Identity:LoginThrottle:FirstDelay must be positive.";
        }

        foreach (var scope in ThrottleSubject.Scopes)
        {
            var tier = throttle.For(scope);
            var name = $"Identity:LoginThrottle:{scope}";
            if (tier.FreeFailures is < 0 or > 1000)
            {
                yield return $"{name}:FreeFailures must be between 0 and 1000.";
            }

            if (tier.MaxDelay < throttle.FirstDelay)
            {
                yield return $"{name}:MaxDelay must be at least Identity:LoginThrottle:FirstDelay.";
            }

            // Otherwise waiting out the longest delay would also wipe the count, and the growth would never bite.
            if (tier.ForgetAfter <= tier.MaxDelay)
            {
                yield return $"{name}:ForgetAfter must be longer than {name}:MaxDelay.";
            }
        }
    }
}

using Microsoft.Extensions.Options;
using ProductDescriber.Identity.Tests.Support;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Identity.Tests;

/// <summary>Production refuses settings that make tokens forgeable or the admin guessable; Development helps instead.</summary>
public sealed class StartupTests
{
    private const string Production = "Production";

    /// <summary>TestHost's own admin password contains "admin", which the policy refuses in Production.</summary>
    private const string StrongAdminPassword = "Correct-horse-battery-staple-42";

    public static TheoryData<string, string?, string> UnsafeProductionSettings() => new()
    {
        { "SECRET_KEY", IdentityOptions.DevelopmentSecretKey, "SECRET_KEY" },
        { "SECRET_KEY", "short-key-0123456789", "SECRET_KEY" },
        { "SECRET_KEY", null, "SECRET_KEY" },
        { "SECRET_KEY", "", "SECRET_KEY" },
        { "ADMIN_PASSWORD", IdentityOptions.DevelopmentAdminPassword, "ADMIN_PASSWORD" },
        { "ADMIN_PASSWORD", null, "ADMIN_PASSWORD" },
        { "ADMIN_PASSWORD", "", "ADMIN_PASSWORD" },
        { "ADMIN_PASSWORD", "password123", "ADMIN_PASSWORD" },
    };

    [Theory]
    [MemberData(nameof(UnsafeProductionSettings))]
    public async Task Production_refuses_to_start_with_an_unsafe_setting(string key, string? value, string named)
    {
        // Every other setting is production-worthy, so the refusal can only be about this one.
        var settings = new Dictionary<string, string?> { ["ADMIN_PASSWORD"] = StrongAdminPassword, [key] = value };

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => ProgramHost.StartAndStopAsync(Production, settings));

        Assert.Contains(named, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(named == "SECRET_KEY" ? "ADMIN_PASSWORD" : "SECRET_KEY", exception.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> InconsistentThrottleSettings() => new()
    {
        { "Identity:LoginThrottle:Pair:ForgetAfter", "00:15:00", "Pair:ForgetAfter" },
        { "Identity:LoginThrottle:Address:MaxDelay", "00:00:00.5", "Address:MaxDelay" },
        { "Identity:LoginThrottle:Address:FreeFailures", "-1", "Address:FreeFailures" },
        { "Identity:LoginThrottle:FirstDelay", "00:00:00", "FirstDelay" },
    };

    [Theory]
    [MemberData(nameof(InconsistentThrottleSettings))]
    public async Task Login_throttle_settings_that_would_defeat_the_throttle_refuse_to_start(string key, string value, string named)
    {
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => ProgramHost.StartAndStopAsync("Development", new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(named, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_settings_made_safe_start_in_Production() =>
        await ProgramHost.StartAndStopAsync(Production, new Dictionary<string, string?> { ["ADMIN_PASSWORD"] = StrongAdminPassword });

    [Fact]
    public async Task Production_starts_with_a_real_key_and_admin_password()
    {
        await using var host = await TestHost.StartAsync("production", new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = Production,
            ["ADMIN_PASSWORD"] = StrongAdminPassword,
        });
        using var admin = host.CreateGraphQLClient();
        await admin.LoginAsync("admin", StrongAdminPassword);

        Assert.Equal("admin", (await admin.QueryAsync("{ me { username } }")).Json("me", "username"));
    }

    [Fact]
    public async Task Development_without_settings_seeds_the_admin_with_the_development_password()
    {
        // TestHost hands settings over as command-line arguments, so these arrive empty: the Host reads empty as unset.
        await using var host = await TestHost.StartAsync("development", new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ADMIN_PASSWORD"] = null,
            ["SECRET_KEY"] = null,
        });
        using var client = host.CreateGraphQLClient();

        var login = await client.LoginPayloadAsync("admin", IdentityOptions.DevelopmentAdminPassword);

        login.AssertNoErrors();
        Assert.Equal("ADMIN", login.Json("user", "role"));
    }

    [Fact]
    public async Task A_configured_admin_password_replaces_the_development_one()
    {
        await using var host = await TestHost.StartAsync("configured");
        using var client = host.CreateGraphQLClient();

        var login = await client.LoginPayloadAsync("admin", IdentityOptions.DevelopmentAdminPassword);

        Assert.Equal("INVALID_CREDENTIALS", login.SingleError().Json("code"));
    }
}

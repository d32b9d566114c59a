using ProductDescriber.Host;

var builder = WebApplication.CreateBuilder(args);
if (args.Contains("--migrate-only"))
{
    builder.Configuration["MigrateOnly"] = "true";
}

try
{
    builder.AddProductDescriber();
    var app = builder.Build();
    app.UseProductDescriber();
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (StartupRefusal.IsOwnProcess && StartupRefusal.Describe(e, builder.Configuration) is { } refusal)
{
    // One line naming the setting, no stack trace: the user has a setting to fix (README, "Configuration").
    await Console.Error.WriteLineAsync(refusal);
    return StartupRefusal.ExitCode;
}

/// <summary>Entry point, public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;

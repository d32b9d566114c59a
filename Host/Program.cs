using ProductDescriber.Host;

var builder = WebApplication.CreateBuilder(args);
if (args.Contains("--migrate-only"))
{
    builder.Configuration["MigrateOnly"] = "true";
}

builder.AddProductDescriber();
var app = builder.Build();
app.UseProductDescriber();
await app.RunAsync();

/// <summary>Entry point, public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;

using Microsoft.AspNetCore.Builder;
using ProductDescriber.Host;
using ProductDescriber.TestSupport;

// Host/Program.cs with the testEvents subscription and the test-work durable job added. The application name stays the Host's, so configuration
// and static assets resolve exactly as they do for the real process.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ApplicationName = typeof(ProductDescriberHost).Assembly.GetName().Name,
});
builder.AddProductDescriber();
TestEventsContributor.Register(builder.Services);
TestWork.Register(builder.Services);
var app = builder.Build();
app.UseProductDescriber();
await app.RunAsync();

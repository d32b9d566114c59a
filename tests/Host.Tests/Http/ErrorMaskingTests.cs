using System.Net;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.Http;

/// <summary>Outside Development a resolver's exception reaches the client as a generic error: no message, no stack.</summary>
public sealed class ErrorMaskingTests
{
    [Fact]
    public async Task Production_hides_exception_messages_and_stack_traces()
    {
        await using var host = await TestHost.StartAsync(
            "masking_prod",
            new Dictionary<string, string?>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",

                // TestHost.AdminPassword contains "admin", which Production's password policy refuses for the admin.
                ["ADMIN_PASSWORD"] = $"Masking-{Guid.NewGuid():N}",
            },
            HttpTestFields.Register);
        using var http = host.CreateClient();

        var response = await http.PostJsonAsync("""{"query":"{ echo(text: \"kept\") failingTestField }"}""");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("kept", response.Graph.Data.Json("echo"));
        Assert.NotEmpty(response.ErrorMessages);
        Assert.DoesNotContain("secret-detail", response.Body);
        Assert.DoesNotContain("hunter2", response.Body);
        Assert.DoesNotContain("InvalidOperationException", response.Body);
        Assert.DoesNotContain(" at ", response.Body);
        Assert.DoesNotContain(".cs:line", response.Body);
    }

    [Fact]
    public async Task Development_shows_exception_details()
    {
        await using var host = await TestHost.StartAsync("masking_dev", services: HttpTestFields.Register);
        using var http = host.CreateClient();

        var response = await http.PostJsonAsync("""{"query":"{ failingTestField }"}""");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Contains("secret-detail", response.Body);
        Assert.Contains("InvalidOperationException", response.Body);
    }
}

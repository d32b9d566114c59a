using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.Webhooks.Safety;

namespace ProductDescriber.Webhooks.Tests.Support;

/// <summary>
/// One Host per test class with a real receiver beside it (the only address the Host may send to, through
/// Webhooks:AllowedHosts), quick retries and polls, a short receive timeout, and a DNS the tests can switch.
/// </summary>
public class WebhooksHostFixture : LocalStorageHostFixture
{
    public Receiver Receiver { get; private set; } = null!;

    internal SwitchableDns Dns { get; } = new();

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>(WebhookSettings)
    {
        ["Webhooks:AllowedHosts:0"] = Receiver.AllowedHost,
    };

    /// <summary>Settings of this class of tests, over quick defaults.</summary>
    protected virtual IDictionary<string, string?> WebhookSettings => new Dictionary<string, string?>
    {
        ["Jobs:PollInterval"] = "00:00:00.2",
        ["Webhooks:FirstRetryDelay"] = "00:00:00.2",
        ["Webhooks:MaxRetryDelay"] = "00:00:00.4",
        ["Webhooks:Timeout"] = "00:00:01",
    };

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IWebhookDns>(Dns);

    public override async Task InitializeAsync()
    {
        Receiver = await Receiver.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

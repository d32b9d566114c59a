using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.Webhooks.Contracts;
using ProductDescriber.Webhooks.Persistence;
using ProductDescriber.Webhooks.Tests.Support;

namespace ProductDescriber.Webhooks.Tests;

/// <summary>
/// An end state's event is stored in the transaction that commits the end state (as Generation and Specs do through
/// <see cref="IWebhookEvents.StoreAsync"/>), so a Host killed after that commit cannot lose it: what it leaves behind
/// is the committed event with PENDING deliveries and no job, which the recovery sweep of a running Host delivers,
/// exactly once. A transaction that rolls back takes the event with it.
/// </summary>
public sealed class EndStateCommitTests(EndStateCommitTests.QuickSweepFixture fixture) : IClassFixture<EndStateCommitTests.QuickSweepFixture>
{
    public sealed class QuickSweepFixture : WebhooksHostFixture
    {
        protected override IDictionary<string, string?> WebhookSettings => new Dictionary<string, string?>(base.WebhookSettings)
        {
            ["Jobs:SweepInterval"] = "00:00:01",
            ["Jobs:SweepGrace"] = "00:00:01",
        };
    }

    [Fact]
    public async Task An_end_state_committed_by_a_Host_that_died_before_dispatching_is_delivered_once_by_the_sweep()
    {
        using var admin = await fixture.AdminAsync();
        var product = await admin.NewProductAsync();
        var endpoint = await admin.RegisterAsync(fixture.Receiver.Url("gap"), product);
        var subject = NewSubject();

        // What a Host killed between the end state's commit and the dispatch leaves: the commit, nothing scheduled.
        var raised = await CommitEndStateAsync(Event(subject, product), rollBack: false);
        Assert.Single(raised.DeliveryIds);

        var delivery = await Eventually.ValueAsync(
            async () =>
            {
                var found = Assert.Single(await admin.DeliveriesAsync(endpoint.EndpointId));
                Assert.Equal("SUCCEEDED", found.Json("status"));
                return found;
            },
            TimeSpan.FromSeconds(60));
        Assert.Equal(subject, delivery.Json("subjectId"));
        Assert.Single(delivery.GetProperty("attempts").EnumerateArray());
        Assert.Single(fixture.Receiver.On("gap"), r => r.Body.Contains(subject, StringComparison.Ordinal));

        // The module raising it again (a re-run of its job) adds nothing.
        Assert.Empty((await CommitEndStateAsync(Event(subject, product), rollBack: false)).DeliveryIds);
    }

    [Fact]
    public async Task An_end_state_that_rolls_back_takes_its_event_with_it_so_a_later_commit_delivers_it_once()
    {
        using var admin = await fixture.AdminAsync();
        var product = await admin.NewProductAsync();
        var endpoint = await admin.RegisterAsync(fixture.Receiver.Url("rollback"), product);
        var subject = NewSubject();

        await CommitEndStateAsync(Event(subject, product), rollBack: true);
        Assert.Equal(0, await EventCountAsync(subject));

        // The job runs again and this time commits: the event was not spent by the attempt that rolled back.
        var raised = await CommitEndStateAsync(Event(subject, product), rollBack: false);
        Assert.Single(raised.DeliveryIds);
        Assert.Equal(1, await EventCountAsync(subject));
        await Eventually.FoundAsync(() => fixture.Receiver.On("rollback").FirstOrDefault(r => r.Body.Contains(subject, StringComparison.Ordinal)), "the delivery");
        var delivery = Assert.Single(await admin.DeliveriesAsync(endpoint.EndpointId));
        Assert.Equal(subject, delivery.Json("subjectId"));
    }

    /// <summary>
    /// A module's end-state transaction: the event stored through its context, then committed or rolled back; the
    /// dispatch (scheduling the deliveries) is left out, as a kill right after the commit leaves it.
    /// </summary>
    private async Task<RaisedWebhook> CommitEndStateAsync(WebhookEvent webhookEvent, bool rollBack)
    {
        await using var db = await fixture.Host.GetService<IDbContextFactory<WebhooksDbContext>>().CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var raised = await fixture.Host.GetService<IWebhookEvents>().StoreAsync(db, webhookEvent, CancellationToken.None);
        if (rollBack)
        {
            await transaction.RollbackAsync();
        }
        else
        {
            await transaction.CommitAsync();
        }

        return raised;
    }

    private async Task<int> EventCountAsync(string subject)
    {
        await using var db = await fixture.Host.GetService<IDbContextFactory<WebhooksDbContext>>().CreateDbContextAsync();
        return await db.Events.CountAsync(e => e.SubjectId == subject);
    }

    private static string NewSubject() => GlobalId.Encode("GenerationRequest", Random.Shared.NextInt64(1, long.MaxValue));

    private static WebhookEvent Event(string subject, string productId)
    {
        GlobalId.TryDecodeLong(productId, "Product", out var productKey);
        return new WebhookEvent(WebhookEventTypes.GenerationSucceeded, subject, productKey, new Dictionary<string, object?> { ["id"] = subject, ["status"] = "SUCCEEDED" });
    }
}

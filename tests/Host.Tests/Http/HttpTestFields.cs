using System.Security.Cryptography;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.Events;
using ProductDescriber.BuildingBlocks.GraphQL.Schema;
using ProductDescriber.BuildingBlocks.GraphQL.Uploads;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.Http;

/// <summary>
/// Fields only the transport tests register: a slow one (timeouts), a throwing one (error masking), upload
/// mutations that hash what they read, a counter that proves whether a mutation ran, and a subscription that
/// counts its live subscribers (to prove a closed stream unsubscribes).
/// </summary>
internal sealed class HttpTestFields(HttpTestProbe probe, IEventBus bus) : IGraphQLContributor
{
    public const string Secret = "secret-detail-7f3a: connection string Host=db;Password=hunter2";

    public static void Register(IServiceCollection services)
    {
        TestEventsContributor.Register(services);
        services.AddSingleton<HttpTestProbe>();
        services.AddSingleton<IGraphQLContributor, HttpTestFields>();
        services.AddTransient<UploadSummaryGraphType>();
    }

    public void ContributeQuery(ObjectGraphType query)
    {
        query.Field<StringGraphType>("slowTestField")
            .AllowAnonymous()
            .ResolveAsync(async ctx =>
            {
                try
                {
                    await Task.Delay(TimeSpan.FromMinutes(2), ctx.CancellationToken);
                    return "finished";
                }
                catch (OperationCanceledException)
                {
                    probe.SlowFieldCancelled();
                    throw;
                }
            });

        query.Field<StringGraphType>("failingTestField")
            .AllowAnonymous()
            .Resolve(_ => throw new InvalidOperationException(Secret));

        query.Field<NonNullGraphType<IntGraphType>>("testCounter")
            .AllowAnonymous()
            .Resolve(_ => probe.Counter);

        query.Field<NonNullGraphType<StringGraphType>>("echo")
            .AllowAnonymous()
            .Argument<NonNullGraphType<StringGraphType>>("text")
            .Resolve(ctx => ctx.GetArgument<string>("text"));
    }

    public void ContributeMutation(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<IntGraphType>>("incrementTestCounter")
            .AllowAnonymous()
            .Resolve(_ => probe.Increment());

        mutation.Field<NonNullGraphType<UploadSummaryGraphType>>("uploadTestFile")
            .AllowAnonymous()
            .Argument<NonNullGraphType<UploadGraphType>>("file")
            .ResolveAsync(async ctx => (object?)await UploadSummary.ReadAsync(ctx.GetArgument<IUploadedFile>("file"), ctx.CancellationToken));

        mutation.Field<NonNullGraphType<ListGraphType<NonNullGraphType<UploadSummaryGraphType>>>>("uploadTestFiles")
            .AllowAnonymous()
            .Argument<ListGraphType<NonNullGraphType<UploadGraphType>>>("files")
            .ResolveAsync(async ctx =>
            {
                var summaries = new List<UploadSummary>();
                foreach (var file in ctx.GetArgument<List<IUploadedFile>>("files") ?? [])
                {
                    summaries.Add(await UploadSummary.ReadAsync(file, ctx.CancellationToken));
                }

                return summaries;
            });
    }

    public void ContributeSubscription(ObjectGraphType subscription) =>
        subscription.Field<NonNullGraphType<StringGraphType>>("trackedTestEvents")
            .Argument<NonNullGraphType<StringGraphType>>("topic")
            .ResolveStream(ctx => probe.Track(bus.Observe(TestEventsContributor.TopicPrefix + ctx.GetArgument<string>("topic"))));
}

/// <summary>What the tests read back from the server's side: the counter and the live subscriptions.</summary>
internal sealed class HttpTestProbe
{
    private int _counter;
    private int _liveSubscriptions;
    private int _cancelledSlowFields;

    public int Counter => Volatile.Read(ref _counter);

    public int CancelledSlowFields => Volatile.Read(ref _cancelledSlowFields);

    public void SlowFieldCancelled() => Interlocked.Increment(ref _cancelledSlowFields);

    public int LiveSubscriptions => Volatile.Read(ref _liveSubscriptions);

    public int Increment() => Interlocked.Increment(ref _counter);

    public IObservable<string> Track(IObservable<string> source) => new TrackedObservable(this, source);

    private sealed class TrackedObservable(HttpTestProbe probe, IObservable<string> source) : IObservable<string>
    {
        public IDisposable Subscribe(IObserver<string> observer)
        {
            Interlocked.Increment(ref probe._liveSubscriptions);
            return new Unsubscriber(probe, source.Subscribe(observer));
        }
    }

    private sealed class Unsubscriber(HttpTestProbe probe, IDisposable inner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                inner.Dispose();
                Interlocked.Decrement(ref probe._liveSubscriptions);
            }
        }
    }
}

internal sealed record UploadSummary(string Name, long Size, string Sha256, string? ContentType)
{
    /// <summary>Reads the whole file through the same stream a module would use, and hashes what it read.</summary>
    public static async Task<UploadSummary> ReadAsync(IUploadedFile file, CancellationToken cancellationToken)
    {
        await using var stream = file.OpenReadStream();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long size = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            size += read;
        }

        return new UploadSummary(file.FileName, size, Convert.ToHexStringLower(hash.GetHashAndReset()), file.ContentType);
    }
}

internal sealed class UploadSummaryGraphType : ObjectGraphType<UploadSummary>
{
    public UploadSummaryGraphType()
    {
        Name = "TestUploadSummary";
        Field(x => x.Name);
        Field(x => x.Size);
        Field(x => x.Sha256);
        Field(x => x.ContentType, nullable: true);
    }
}

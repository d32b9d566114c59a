using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.Events;
using ProductDescriber.BuildingBlocks.GraphQL.Schema;

namespace ProductDescriber.TestSupport;

/// <summary>
/// A subscription field the test hosts register (the modules bring their real ones later):
/// <c>testEvents(topic)</c> streams what <c>publishTestEvent</c> (or <see cref="IEventBus"/>) publishes.
/// </summary>
public sealed class TestEventsContributor(IEventBus bus) : IGraphQLContributor
{
    public const string TopicPrefix = "test:";

    public static void Register(IServiceCollection services) => services.AddSingleton<IGraphQLContributor, TestEventsContributor>();

    public void ContributeMutation(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<BooleanGraphType>>("publishTestEvent")
            .Argument<NonNullGraphType<StringGraphType>>("topic")
            .Argument<NonNullGraphType<StringGraphType>>("message")
            .ResolveAsync(async ctx =>
            {
                await bus.PublishAsync(TopicPrefix + ctx.GetArgument<string>("topic"), ctx.GetArgument<string>("message"), ctx.CancellationToken);
                return true;
            });

    public void ContributeSubscription(ObjectGraphType subscription) =>
        subscription.Field<NonNullGraphType<StringGraphType>>("testEvents")
            .Argument<NonNullGraphType<StringGraphType>>("topic")
            .ResolveStream(ctx => bus.Observe(TopicPrefix + ctx.GetArgument<string>("topic")));
}

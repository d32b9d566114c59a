using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ProductDescriber.BuildingBlocks.GraphQL.Schema;
using ProductDescriber.BuildingBlocks.Jobs;

namespace ProductDescriber.TestSupport;

/// <summary>
/// <c>startTestWork(id, hold, crashBeforeScheduling)</c>: what a module's mutation does (commit the row, then
/// schedule its job), with a way to die between the two steps: the process kills itself (SIGKILL) right after the
/// commit. Open without a token; test hosts only.
/// </summary>
internal sealed class TestWorkContributor(IServiceProvider services) : IGraphQLContributor
{
    public void ContributeMutation(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<BooleanGraphType>>("startTestWork")
            .Argument<NonNullGraphType<StringGraphType>>("id")
            .Argument<NonNullGraphType<BooleanGraphType>>("hold")
            .Argument<NonNullGraphType<BooleanGraphType>>("crashBeforeScheduling")
            .AllowAnonymous()
            .ResolveAsync(async ctx =>
            {
                var id = ctx.GetArgument<string>("id");
                var database = services.GetRequiredService<NpgsqlDataSource>();
                var jobs = services.GetRequiredService<IJobScheduler>();
                await TestWork.InsertAsync(database, id, ctx.GetArgument<bool>("hold"), ctx.CancellationToken);
                if (ctx.GetArgument<bool>("crashBeforeScheduling"))
                {
                    using var self = System.Diagnostics.Process.GetCurrentProcess();
                    self.Kill();
                }

                await jobs.ScheduleAsync(TestWork.Kind, id, ctx.CancellationToken);
                return true;
            });
}

using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using GraphQL.Validation;
using Npgsql;
using ProductDescriber.BuildingBlocks.GraphQL;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.BuildingBlocks.Storage;
using ProductDescriber.Identity.Contracts;

namespace ProductDescriber.Bench;

/// <summary>
/// Where a request's time goes, without HTTP: each step of the GraphQL path and the plain path, called one at a
/// time in a loop, with wall time, process CPU time and allocations per call. Differences between rows locate a cost
/// (e.g. "pre-parsed" minus "core rules skipped" is the spec's validation rules).
/// </summary>
internal sealed class Probe(IServiceProvider services, string accessToken, string memberToken, int iterations)
{
    private static readonly IValidationRule[] NoCoreRules = [];

    public async Task RunAsync(IEnumerable<Scenario> scenarios, TextWriter output)
    {
        var validation = await services.GetRequiredService<IAccessTokenValidator>().ValidateAsync(accessToken, CancellationToken.None);
        var user = validation.Principal ?? throw new InvalidOperationException($"The probe's token is refused: {validation.Failure}");
        var member = (await services.GetRequiredService<IAccessTokenValidator>().ValidateAsync(memberToken, CancellationToken.None)).Principal
            ?? throw new InvalidOperationException("The member's token is refused.");
        var executer = services.GetRequiredService<IDocumentExecuter<ISchema>>();
        var documents = services.GetRequiredService<IDocumentBuilder>();
        var serializer = services.GetRequiredService<IGraphQLTextSerializer>();

        output.WriteLine();
        output.WriteLine(Invariant($"Probe: each step called {iterations} times in a row ({Batches} batches, best batch shown) after {Warmup} warm-up calls, one caller, no HTTP"));
        output.WriteLine(Invariant($"{"scenario",-9} {"step",-56} {"wall us",9} {"cpu us",9} {"alloc KB",9}"));
        await MeasureAsync(output, "-", "token validation + session check (both variants)",
            () => services.GetRequiredService<IAccessTokenValidator>().ValidateAsync(accessToken, CancellationToken.None));

        foreach (var scenario in scenarios)
        {
            var parsed = documents.Build(scenario.GraphQLQuery);
            var result = await ExecuteAsync(executer, user, new ExecutionOptions { Variables = VariablesOf(scenario), Query = scenario.GraphQLQuery });
            if (result.Errors is { Count: > 0 } errors)
            {
                throw new InvalidOperationException($"Probe of {scenario.Name}: {errors[0].Message}");
            }

            await MeasureAsync(output, scenario.Name, "graphql: parse only",
                () => Task.FromResult(documents.Build(scenario.GraphQLQuery)));
            await MeasureAsync(output, scenario.Name, "graphql: execute query text, as /graphql does",
                () => ExecuteAsync(executer, user, new ExecutionOptions { Variables = VariablesOf(scenario), Query = scenario.GraphQLQuery }));
            await MeasureAsync(output, scenario.Name, "graphql: execute pre-parsed (validate+run)",
                () => ExecuteAsync(executer, user, new ExecutionOptions { Variables = VariablesOf(scenario), Document = parsed }));
            await MeasureAsync(output, scenario.Name, "graphql: pre-parsed, core rules skipped (our rules+run)",
                () => ExecuteAsync(executer, user, new ExecutionOptions { Variables = VariablesOf(scenario), Document = parsed, ValidationRules = NoCoreRules }));
            if (scenario.Name == "users")
            {
                // A member may not list users: the authorization rule refuses during validation, so no resolver runs.
                await MeasureAsync(output, scenario.Name, "graphql: pre-parsed, validation only (member: refused)",
                    () => ExecuteAsync(executer, member, new ExecutionOptions { Document = parsed }));
                await MeasureAsync(output, scenario.Name, "graphql: pre-parsed, our rules only (member: refused)",
                    () => ExecuteAsync(executer, member, new ExecutionOptions { Document = parsed, ValidationRules = NoCoreRules }));
            }

            foreach (var (label, document) in Partial(scenario))
            {
                await MeasureAsync(output, scenario.Name, "graphql: " + label,
                    () => ExecuteAsync(executer, user, new ExecutionOptions { Query = document }));
            }

            await MeasureAsync(output, scenario.Name, "graphql: serialize the result",
                () => SerializeAsync(serializer, result));
            await MeasureAsync(output, scenario.Name, "plain: data + JSON",
                () => PlainAsync(scenario, user));
            if (scenario.Name == "products")
            {
                foreach (var (step, call) in await new ProductsProbe(services).StepsAsync(PlainResponses.DefaultPageSize, output))
                {
                    await MeasureAsync(output, scenario.Name, step, call);
                }
            }

            if (scenario.Name == "users")
            {
                foreach (var (step, call) in new EfProbe(services).Steps(PlainResponses.DefaultPageSize))
                {
                    await MeasureAsync(output, scenario.Name, step, call);
                }
            }
        }
    }

    private const int Warmup = 200;
    private const int Batches = 3;

    /// <summary>Smaller selections of the same field: what the resolvers' data access costs without the leaf fields.</summary>
    private static IEnumerable<(string Label, string Document)> Partial(Scenario scenario) => scenario.Name switch
    {
        "me" => [("me { id } only", "query { me { id } }")],
        "users" => [
            ("users { totalCount } only (page + count queries)", "query { users(first: 20) { totalCount } }"),
            ("users { totalCount nodes { id } }", "query { users(first: 20) { totalCount nodes { id } } }"),
        ],
        "products" => [
            ("products { nodes { id } } (page query only)", "query { products(first: 20) { nodes { id } } }"),
            ("... + primaryImage (page + image batch)", "query { products(first: 20) { nodes { id primaryImage { id width height mimeType } } } }"),
            ("... + activeSpecification { id } (page + spec batch)", "query { products(first: 20) { nodes { id activeSpecification { id } } } }"),
        ],
        _ => [],
    };

    private async Task<ExecutionResult> ExecuteAsync(IDocumentExecuter<ISchema> executer, ClaimsPrincipal user, ExecutionOptions options)
    {
        // One scope per call, as ASP.NET Core gives every request one (data loaders are request-scoped).
        await using var scope = services.CreateAsyncScope();
        options.RequestServices = scope.ServiceProvider;
        options.User = user;
        options.UserContext = new RequestContext { ClientAddress = "127.0.0.1" };
        return await executer.ExecuteAsync(options);
    }

    private static async Task<long> SerializeAsync(IGraphQLTextSerializer serializer, ExecutionResult result)
    {
        using var stream = new MemoryStream();
        await serializer.WriteAsync(stream, result);
        return stream.Length;
    }

    private static Inputs? VariablesOf(Scenario scenario) =>
        scenario.VariablesJson is { } json ? new GraphQL.SystemTextJson.GraphQLSerializer().Deserialize<Inputs>(json) : null;

    private async Task<int> PlainAsync(Scenario scenario, ClaimsPrincipal user)
    {
        await using var scope = services.CreateAsyncScope();
        var output = new ArrayBufferWriter<byte>(4096);
        var task = scenario.Name switch
        {
            "me" => PlainResponses.MeAsync(Database(scope), user.GetUserId()!.Value, output, CancellationToken.None),
            "product" or "product-variables" => PlainProducts.WriteOneAsync(Database(scope), Links(scope), ProductId(scenario), output, CancellationToken.None),
            "products" => PlainProducts.WritePageAsync(Database(scope), Links(scope), Scenario.ProductsPageSize, output, CancellationToken.None),
            "users" => PlainResponses.UsersAsync(scope.ServiceProvider.GetRequiredService<NpgsqlDataSource>(), PlainResponses.DefaultPageSize, output, CancellationToken.None),
            _ => PlainResponses.TypenameAsync(output),
        };
        await task;
        return output.WrittenCount;
    }

    private static NpgsqlDataSource Database(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<NpgsqlDataSource>();

    private static IFileLinks Links(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<IFileLinks>();

    private static long ProductId(Scenario scenario) =>
        long.Parse(scenario.PlainPath[(scenario.PlainPath.IndexOf('=', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture);

    /// <summary>Best of <see cref="Batches"/> batches: on a shared machine the minimum is the least disturbed figure.</summary>
    private async Task MeasureAsync<T>(TextWriter output, string scenario, string step, Func<Task<T>> call)
    {
        for (var i = 0; i < Warmup; i++)
        {
            await call();
        }

        var perBatch = Math.Max(1, iterations / Batches);
        var (bestWall, bestCpu) = (double.MaxValue, double.MaxValue);
        var allocations = new List<double>();
        for (var batch = 0; batch < Batches; batch++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < perBatch; i++)
            {
                await call();
            }

            var wall = Stopwatch.GetElapsedTime(started);
            allocations.Add((GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1024.0 / perBatch);
            process.Refresh();
            var cpu = process.TotalProcessorTime - cpuBefore;
            bestWall = Math.Min(bestWall, wall.TotalMicroseconds / perBatch);
            bestCpu = Math.Min(bestCpu, cpu.TotalMicroseconds / perBatch);
        }

        var allocated = VariantResult.Median(allocations);
        output.WriteLine(Invariant($"{scenario,-9} {step,-56} {bestWall,9:0.0} {bestCpu,9:0.0} {allocated,9:0.0}"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

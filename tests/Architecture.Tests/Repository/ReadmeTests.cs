using System.Text.RegularExpressions;

namespace ProductDescriber.Architecture.Tests.Repository;

/// <summary>The README is a newcomer's map: what it lists and promises must match the repository.</summary>
public sealed partial class ReadmeTests
{
    private static readonly string Readme = File.ReadAllText(RepositoryRoot.File("README.md"));

    [Fact]
    public void Layout_lists_every_project_of_the_solution()
    {
        var layout = Readme[Readme.IndexOf("## Layout", StringComparison.Ordinal)..];
        var projectFolders = ProjectPath().Matches(File.ReadAllText(RepositoryRoot.File("ProductDescriber.sln")))
            .Select(match => Path.GetDirectoryName(match.Groups[1].Value.Replace('\\', '/'))!.Replace('\\', '/') + "/");

        var missing = projectFolders.Where(folder => !layout.Contains(folder, StringComparison.Ordinal)).ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void Subscriptions_are_promised_only_when_the_schema_has_them()
    {
        var schema = File.ReadAllText(RepositoryRoot.File("tests", "Architecture.Tests", "__snapshots__", "schema.graphql.snap"));
        if (schema.Contains("type Subscription", StringComparison.Ordinal))
        {
            return;
        }

        Assert.DoesNotMatch(PromisedSubscriptions(), Readme);
    }

    [GeneratedRegex(@"""([^""]+\.csproj)""")]
    private static partial Regex ProjectPath();

    // "(queries, mutations, subscriptions)" or "subscriptions use the same endpoint": a claim that they work today.
    [GeneratedRegex(@"mutations, subscriptions\)|subscriptions use ", RegexOptions.IgnoreCase)]
    private static partial Regex PromisedSubscriptions();
}

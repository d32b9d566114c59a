using System.Text.Json;

namespace ProductDescriber.Architecture.Tests.Repository;

/// <summary>
/// The README promises Node.js 20+: every npm package the repository locks must accept Node 20.0.0, the oldest
/// version that promise covers (npm only warns about engines unless run with --engine-strict).
/// </summary>
public sealed class NodeEngineTests
{
    private static readonly Version OldestPromised = new(20, 0, 0);

    /// <summary>The IDE's lock file and every npm suite's under tests/, found so a new suite is covered too.</summary>
    public static TheoryData<string> LockFiles()
    {
        var suites = Directory.GetDirectories(RepositoryRoot.File("tests"))
            .Where(folder => File.Exists(Path.Combine(folder, "package-lock.json")))
            .Select(folder => "tests/" + Path.GetFileName(folder) + "/package-lock.json");
        return new TheoryData<string>(["Infrastructure/GraphQLServer/Ide/package-lock.json", .. suites.Order()]);
    }

    [Theory]
    [MemberData(nameof(LockFiles))]
    public void Every_locked_package_runs_on_the_oldest_promised_node(string lockFile)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.File(lockFile.Split('/'))));
        var refused = document.RootElement.GetProperty("packages").EnumerateObject()
            .Where(package => package.Value.TryGetProperty("engines", out var engines)
                && engines.ValueKind == JsonValueKind.Object
                && engines.TryGetProperty("node", out var node)
                && !NodeRange.Allows(node.GetString()!, OldestPromised))
            .Select(package => $"{package.Name}: {package.Value.GetProperty("engines").GetProperty("node")}")
            .ToList();

        Assert.Empty(refused);
    }

    [Theory]
    [InlineData(">=20", true)]
    [InlineData(">=12", true)]
    [InlineData(">= 20.1", false)]
    [InlineData("^22.0.0 || ^24.0.0 || >=26.0.0", false)]
    [InlineData("^12.22.0 || ^14.16.0 || ^16.0.0 || >=17.0.0", true)]
    [InlineData("^20.0.0", true)]
    [InlineData("~20.0.0", true)]
    [InlineData(">=18 <20", false)]
    [InlineData("20.x", true)]
    [InlineData("*", true)]
    public void Ranges_are_read_like_npm_reads_them(string range, bool allowsNode20)
        => Assert.Equal(allowsNode20, NodeRange.Allows(range, OldestPromised));

    /// <summary>The subset of npm's semver ranges that engines fields use: ||, space-joined comparators, ^ ~ x.</summary>
    private static class NodeRange
    {
        public static bool Allows(string range, Version version) =>
            range.Split("||").Any(alternative => AllowsAll(alternative.Trim(), version));

        private static bool AllowsAll(string comparators, Version version)
        {
            var parts = comparators.Replace(">= ", ">=").Replace("<= ", "<=").Replace("> ", ">").Replace("< ", "<")
                .Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts.Length == 0 || parts.All(part => AllowsOne(part, version));
        }

        private static bool AllowsOne(string comparator, Version version)
        {
            string[] operators = [">=", "<=", ">", "<", "^", "~", "="];
            var op = operators.FirstOrDefault(comparator.StartsWith) ?? "";
            var text = comparator[op.Length..].TrimStart('v');
            if (text is "*" or "x" or "")
            {
                return true;
            }

            var numbers = text.Split('.').Select(n => int.TryParse(n, out var value) ? value : -1).ToArray();
            var bound = new Version(numbers[0], Math.Max(numbers.ElementAtOrDefault(1), 0), Math.Max(numbers.ElementAtOrDefault(2), 0));
            var given = numbers.Length;
            var wildcardMinor = given < 2 || numbers[1] < 0;
            return op switch
            {
                ">=" => version >= bound,
                ">" => version > bound,
                "<=" => version <= bound,
                "<" => version < bound,
                "^" => version >= bound && version.Major == bound.Major,
                "~" => version >= bound && version.Major == bound.Major && (wildcardMinor || version.Minor == bound.Minor),
                _ => version.Major == bound.Major && (wildcardMinor || version.Minor == bound.Minor),
            };
        }
    }
}

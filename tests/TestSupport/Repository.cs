namespace ProductDescriber.TestSupport;

/// <summary>Paths in the checkout, for tests that run its scripts or built programs.</summary>
public static class Repository
{
    /// <summary>The folder holding ProductDescriber.sln, found by walking up from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ProductDescriber.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No ProductDescriber.sln above {AppContext.BaseDirectory}.");
    }
}

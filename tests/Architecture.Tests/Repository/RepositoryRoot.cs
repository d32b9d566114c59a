namespace ProductDescriber.Architecture.Tests.Repository;

internal static class RepositoryRoot
{
    /// <summary>The folder holding ProductDescriber.sln, found upwards from the test's output folder.</summary>
    public static string Path { get; } = Find();

    public static string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "ProductDescriber.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ProductDescriber.sln not found above " + AppContext.BaseDirectory);
    }
}

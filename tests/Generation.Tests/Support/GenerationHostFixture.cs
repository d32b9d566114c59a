namespace ProductDescriber.Generation.Tests.Support;

/// <summary>One Host per test class with the Offline provider and local storage (see <see cref="LocalStorageHostFixture"/>).</summary>
public class GenerationHostFixture : LocalStorageHostFixture;

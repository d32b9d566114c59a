using ProductDescriber.ProviderHosting;

namespace ProductDescriber.Providers.Tests;

/// <summary>ADR 0040: a plugin built against seam N.m runs on a Host with N.m' where m' &gt;= m; anything else is refused, saying what to do.</summary>
public sealed class SeamCompatibilityTests
{
    [Theory]
    [InlineData("1.0.0.0", "1.0.0.0")]
    [InlineData("1.0.0.0", "1.3.0.0")]
    [InlineData("1.2.0.0", "1.2.0.0")]
    public void The_same_major_with_an_older_or_equal_minor_runs(string plugin, string host) =>
        Assert.Null(SeamCompatibility.Problem(Version.Parse(plugin), Version.Parse(host)));

    [Theory]
    [InlineData("2.0.0.0", "1.4.0.0", "newer than this Host's 1.4: upgrade the Host")]
    [InlineData("1.5.0.0", "1.4.0.0", "newer than this Host's 1.4: upgrade the Host")]
    [InlineData("1.4.0.0", "2.0.0.0", "a breaking change: rebuild the plugin against ProductDescriber.Providers.Abstractions 2.x")]
    public void Another_major_or_a_newer_minor_is_refused_saying_what_to_do(string plugin, string host, string expected) =>
        Assert.Contains(expected, SeamCompatibility.Problem(Version.Parse(plugin), Version.Parse(host)), StringComparison.Ordinal);

    [Fact]
    public void The_sample_plugin_records_the_seam_it_was_built_against()
    {
        var plugin = Path.Combine(EchoPluginHost.BuiltPlugin, "ProductDescriber.Samples.EchoProvider.Plugin.dll");

        Assert.Equal(SeamCompatibility.HostSeam, SeamCompatibility.BuiltAgainstOrNull(plugin));
    }
}

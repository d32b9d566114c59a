using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Host.Tests;

/// <summary>A refusal names a setting as the source that supplies it spells it: JSON path and file, argument, variable.</summary>
public sealed class SettingNamesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pd-setting-names-").FullName;

    [Fact]
    public void A_key_from_a_json_file_is_named_by_its_json_path_and_file()
    {
        File.WriteAllText(Path.Combine(_folder, "appsettings.json"), """{ "Providers": { "PluginPaths": [ "/srv/plugins" ], "mock-vision": { "BaseUrl": "ftp://x" } } }""");
        var configuration = new ConfigurationBuilder().SetBasePath(_folder).AddJsonFile("appsettings.json").Build();
        var names = new SettingNames(configuration);

        Assert.Equal("Providers.PluginPaths[0] in appsettings.json", names.AsWritten("Providers:PluginPaths:0"));
        Assert.Equal("Providers.mock-vision.BaseUrl in appsettings.json", names.AsWritten("Providers:Mock_Vision:BaseUrl"));
    }

    [Fact]
    public void The_source_whose_value_counts_is_the_one_named()
    {
        File.WriteAllText(Path.Combine(_folder, "appsettings.json"), """{ "Providers": { "PluginPaths": [ "/srv/plugins" ] } }""");
        var configuration = new ConfigurationBuilder().SetBasePath(_folder).AddJsonFile("appsettings.json")
            .AddCommandLine(["--Providers:PluginPaths:0=/opt/plugins"]).Build();

        Assert.Equal("--Providers:PluginPaths:0", new SettingNames(configuration).AsWritten("Providers:PluginPaths:0"));
    }

    [Fact]
    public void A_key_no_source_supplies_is_named_as_it_is()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Other", "1")]).Build();

        Assert.Equal("SECRET_KEY", new SettingNames(configuration).AsWritten("SECRET_KEY"));
    }

    [Fact]
    public void A_refusal_is_one_line_naming_every_setting_and_a_bug_is_none()
    {
        File.WriteAllText(Path.Combine(_folder, "appsettings.json"), """{ "Identity": { "BcryptWorkFactor": 4 }, "Providers": { "Defaults": { "Image": "nobody" } } }""");
        var configuration = new ConfigurationBuilder().SetBasePath(_folder).AddJsonFile("appsettings.json").Build();
        var options = new OptionsValidationException("Identity", typeof(object), ["Identity:BcryptWorkFactor must be between 10 and 16."]);
        var provider = new ProviderConfigurationException("Providers:Defaults:Image names 'nobody',\nbut there is no such AI provider.", "Providers:Defaults:Image");

        var line = StartupRefusal.Describe(new AggregateException(options, new InvalidOperationException("wrapped", provider)), configuration);

        Assert.Equal(
            "Product Describer cannot start: Identity.BcryptWorkFactor in appsettings.json must be between 10 and 16. "
            + "Providers.Defaults.Image in appsettings.json names 'nobody', but there is no such AI provider. (exit code 78: a setting to fix)",
            line);
        Assert.Null(StartupRefusal.Describe(new InvalidOperationException("a bug"), configuration));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

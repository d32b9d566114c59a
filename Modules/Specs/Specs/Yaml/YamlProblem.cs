namespace ProductDescriber.Specs.Yaml;

/// <summary>Why a YAML text was refused; <paramref name="Line"/> and <paramref name="Column"/> count from 1.</summary>
internal sealed record YamlProblem(string Code, string Message, int? Line, int? Column);

internal static class YamlProblemCodes
{
    public const string TooLarge = "YAML_TOO_LARGE";
    public const string TooDeep = "YAML_TOO_DEEP";
    public const string TooManyNodes = "YAML_TOO_MANY_NODES";
    public const string Alias = "YAML_ALIAS";
    public const string DuplicateKey = "YAML_DUPLICATE_KEY";
    public const string Syntax = "YAML_SYNTAX";
    public const string NotAMapping = "YAML_NOT_A_MAPPING";
}

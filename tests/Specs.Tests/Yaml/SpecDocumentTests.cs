namespace ProductDescriber.Specs.Tests.Yaml;

public sealed class SpecDocumentTests
{
    private const string Text = """
        colors:
          primary: {hex: "#1A2B3C", name: null}
        keypoints:
          features:
            - {name: lid, x: 0.5}
            - {name: handle, x: 0.9}
          silhouette:
            points: [[0.1, 0.2]]
        empty_list: []
        empty_map: {}
        flag: true
        """;

    [Theory]
    [InlineData("colors.primary.hex", "#1A2B3C")]
    [InlineData("keypoints.features[1].name", "handle")]
    [InlineData("keypoints.features[0].x", "0.5")]
    [InlineData("keypoints.silhouette.points[0][1]", "0.2")]
    [InlineData("flag", "true")]
    public void Scalar_reads_a_value_by_path(string path, string expected) =>
        Assert.Equal(expected, Parse.Ok(Text).Scalar(path));

    [Theory]
    [InlineData("colors.primary.name")]
    [InlineData("colors.primary")]
    [InlineData("colors.primary.rgb")]
    [InlineData("keypoints.features")]
    [InlineData("keypoints.features[2].name")]
    [InlineData("keypoints.features[x]")]
    [InlineData("keypoints.features[]")]
    [InlineData("keypoints[0]")]
    [InlineData("flag.value")]
    [InlineData("")]
    public void Scalar_is_null_for_null_missing_or_not_scalar(string path) =>
        Assert.Null(Parse.Ok(Text).Scalar(path));

    [Theory]
    [InlineData("colors.primary.name", true)]
    [InlineData("keypoints.features[1]", true)]
    [InlineData("empty_list", true)]
    [InlineData("colors.secondary", false)]
    [InlineData("keypoints.features[2]", false)]
    public void Has_tells_whether_the_path_exists_null_values_included(string path, bool expected) =>
        Assert.Equal(expected, Parse.Ok(Text).Has(path));

    [Fact]
    public void Leaves_flatten_scalars_and_empty_collections_in_document_order()
    {
        var leaves = Parse.Ok(Text).Leaves().ToList();

        Assert.Equal(
            [
                ("colors.primary.hex", "#1A2B3C"),
                ("colors.primary.name", null),
                ("keypoints.features[0].name", "lid"),
                ("keypoints.features[0].x", "0.5"),
                ("keypoints.features[1].name", "handle"),
                ("keypoints.features[1].x", "0.9"),
                ("keypoints.silhouette.points[0][0]", "0.1"),
                ("keypoints.silhouette.points[0][1]", "0.2"),
                ("empty_list", "[]"),
                ("empty_map", "{}"),
                ("flag", "true"),
            ],
            leaves);
    }
}

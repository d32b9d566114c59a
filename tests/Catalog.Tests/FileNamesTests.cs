using ProductDescriber.Catalog.ReferenceImages;

namespace ProductDescriber.Catalog.Tests;

public sealed class FileNamesTests
{
    [Theory]
    [InlineData("holiday.jpg", "holiday.jpg")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\x\\y.png", "y.png")]
    [InlineData("a/b\\c/d.webp", "d.webp")]
    [InlineData("  spaced name.png  ", "spaced name.png")]
    [InlineData("...hidden.png...", "hidden.png")]
    [InlineData("tab\there\r\n.png", "tabhere.png")]
    [InlineData("del\u007Fand\u0085c1\u009F.png", "delandc1.png")]
    [InlineData("invoice\u202Egnp.exe", "invoicegnp.exe")]
    [InlineData("isolate\u2066d\u2069\u200F.png", "isolated.png")]
    [InlineData("Grüße 🎉.png", "Grüße 🎉.png")]
    public void Names_keep_only_their_last_part_without_control_characters(string clientName, string expected) =>
        Assert.Equal(expected, FileNames.Sanitize(clientName, ".png"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("../..")]
    [InlineData("photos/")]
    [InlineData("   ")]
    [InlineData("\u0000\u0001\u202E")]
    public void Nothing_usable_falls_back_to_image_with_the_real_extension(string? clientName) =>
        Assert.Equal("image.webp", FileNames.Sanitize(clientName, ".webp"));

    [Fact]
    public void Long_names_are_cut_to_255_characters_keeping_the_extension()
    {
        var name = FileNames.Sanitize(new string('a', 300) + ".jpeg", ".jpg");

        Assert.Equal(255, name.Length);
        Assert.EndsWith("a.jpeg", name);
    }

    [Fact]
    public void Long_names_are_not_cut_inside_a_surrogate_pair()
    {
        var name = FileNames.Sanitize(new string('a', 250) + string.Concat(Enumerable.Repeat("😀", 10)) + ".png", ".png");

        Assert.True(name.Length <= 255);
        Assert.EndsWith(".png", name);
        Assert.False(char.IsHighSurrogate(name[^5]), "A lone high surrogate was left before the extension.");
    }

    [Fact]
    public void Names_of_exactly_255_characters_are_kept()
    {
        var exact = new string('b', 251) + ".png";

        Assert.Equal(exact, FileNames.Sanitize(exact, ".png"));
    }
}

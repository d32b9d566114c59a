using System.Text;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;

namespace ProductDescriber.BuildingBlocks.Tests;

public sealed class GlobalIdTests
{
    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Encode_uses_HotChocolate_format_base64_of_type_colon_key()
    {
        Assert.Equal(Base64("User:42"), GlobalId.Encode("User", 42));
        Assert.Equal(Base64("Spec:a-b"), GlobalId.Encode("Spec", "a-b"));
    }

    [Fact]
    public void Encoded_ids_decode_to_their_type_and_key()
    {
        Assert.True(GlobalId.TryDecode(GlobalId.Encode("User", 42), out var type, out var key));
        Assert.Equal("User", type);
        Assert.Equal("42", key);

        Assert.True(GlobalId.TryDecodeLong(GlobalId.Encode("User", long.MaxValue), "User", out var id));
        Assert.Equal(long.MaxValue, id);
    }

    [Fact]
    public void A_string_key_may_itself_contain_colons()
    {
        Assert.True(GlobalId.TryDecode(GlobalId.Encode("Spec", "a:b:c"), out var type, out var key));
        Assert.Equal("Spec", type);
        Assert.Equal("a:b:c", key);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("VXNlcjox=")]
    [InlineData("====")]
    public void Malformed_base64_is_refused(string? id)
    {
        Assert.False(GlobalId.TryDecode(id, out _, out _));
        Assert.False(GlobalId.TryDecodeLong(id, "User", out _));
    }

    [Theory]
    [InlineData("User")]
    [InlineData(":1")]
    [InlineData("User:")]
    [InlineData(":")]
    public void Text_without_both_type_and_key_is_refused(string text) =>
        Assert.False(GlobalId.TryDecode(Base64(text), out _, out _));

    [Fact]
    public void Over_long_ids_are_refused_before_decoding() =>
        Assert.False(GlobalId.TryDecode(Base64("User:" + new string('1', 300)), out _, out _));

    [Fact]
    public void Bytes_that_are_not_UTF8_never_match_a_type_name() =>
        Assert.False(GlobalId.TryDecodeLong(Convert.ToBase64String([0xFF, 0xFE, (byte)':', (byte)'1']), "User", out _));

    [Theory]
    [InlineData("Product:1")]
    [InlineData("user:1")]
    [InlineData("User:abc")]
    [InlineData("User:0")]
    [InlineData("User:-1")]
    [InlineData("User:+1")]
    [InlineData("User: 1")]
    [InlineData("User:1.0")]
    [InlineData("User:1:2")]
    [InlineData("User:99999999999999999999")]
    [InlineData("User:007")]
    public void Long_ids_need_the_expected_type_and_a_canonical_positive_integer(string text)
    {
        Assert.False(GlobalId.TryDecodeLong(Base64(text), "User", out var key));
        Assert.Equal(0, key);
    }
}

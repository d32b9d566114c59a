using GraphQL.Types;
using GraphQLParser.AST;

namespace ProductDescriber.BuildingBlocks.GraphQL.Uploads;

/// <summary>
/// A file received through a GraphQL multipart request. The transport has already streamed it to a temporary
/// file within the size limit; nothing here holds the bytes in memory.
/// </summary>
public interface IUploadedFile
{
    /// <summary>The name the client gave; untrusted, sanitise before use.</summary>
    string FileName { get; }

    /// <summary>The content type the client claimed; untrusted, sniff the bytes instead.</summary>
    string? ContentType { get; }

    long Length { get; }

    Stream OpenReadStream();
}

/// <summary>
/// <c>scalar Upload</c>: accepted only as a variable value filled in by the multipart transport; a literal in the
/// document or an output use is an error (as in the multipart request spec's reference servers).
/// </summary>
public sealed class UploadGraphType : ScalarGraphType
{
    public UploadGraphType()
    {
        Name = "Upload";
        Description = "A file sent with a GraphQL multipart request (https://github.com/jaydenseric/graphql-multipart-request-spec). Use a variable.";
    }

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        IUploadedFile file => file,
        _ => ThrowValueConversionError(value),
    };

    public override object? ParseLiteral(GraphQLValue value) => value is GraphQLNullValue
        ? null
        : ThrowLiteralConversionError(value, "Upload values must be sent as variables of a multipart request.");

    public override bool CanParseLiteral(GraphQLValue value) => value is GraphQLNullValue;

    public override bool CanParseValue(object? value) => value is null or IUploadedFile;

    public override object? Serialize(object? value) =>
        throw new InvalidOperationException("Upload is an input-only scalar.");
}

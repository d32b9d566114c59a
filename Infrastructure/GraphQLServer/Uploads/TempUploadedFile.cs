using ProductDescriber.BuildingBlocks.GraphQL.Uploads;
using ProductDescriber.GraphQLServer.Validation;

namespace ProductDescriber.GraphQLServer.Uploads;

/// <summary>An uploaded file spooled to this Host's upload folder; removed when the request ends.</summary>
internal sealed class TempUploadedFile(string path, string fileName, string? contentType) : IUploadedFile
{
    public string FileName { get; } = fileName;

    public string? ContentType { get; } = contentType;

    /// <summary>Bytes spooled so far; final once the request has been read.</summary>
    public long Length { get; set; }

    public string Path { get; } = path;

    public Stream OpenReadStream() =>
        new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);

    public void Delete()
    {
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // A reader still holds it open on some platforms; the folder goes when the Host stops, or is swept
            // by the next Host to start if this one dies.
        }
    }
}

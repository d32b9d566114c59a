using ProductDescriber.BuildingBlocks.GraphQL.Uploads;

namespace ProductDescriber.Host.GraphQL.Uploads;

/// <summary>An uploaded file spooled to a temporary file; removed when the request ends.</summary>
internal sealed class TempUploadedFile(string path, string fileName, string? contentType, long length) : IUploadedFile
{
    public string FileName { get; } = fileName;

    public string? ContentType { get; } = contentType;

    public long Length { get; } = length;

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
            // A reader still holds it open on some platforms; the temp folder is cleaned at start-up.
        }
    }
}

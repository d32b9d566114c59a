using GraphQL.Transport;
using ProductDescriber.GraphQLServer.Validation;

namespace ProductDescriber.GraphQLServer.Uploads;

/// <summary>
/// The operations of a multipart request, with their files in place; disposing deletes the files and gives their
/// bytes back to the user's spool budget.
/// </summary>
internal sealed class MultipartRequest(
    IReadOnlyList<GraphQLRequest> requests,
    bool isBatch,
    IReadOnlyList<TempUploadedFile> files,
    UploadBudget.Allowance allowance) : IAsyncDisposable
{
    public IReadOnlyList<GraphQLRequest> Requests { get; } = requests;

    public bool IsBatch { get; } = isBatch;

    public IReadOnlyList<TempUploadedFile> Files { get; } = files;

    public ValueTask DisposeAsync()
    {
        foreach (var file in Files)
        {
            file.Delete();
        }

        allowance.Dispose();
        return ValueTask.CompletedTask;
    }
}

using Microsoft.Extensions.Options;
using ProductDescriber.BuildingBlocks.Storage;
using ProductDescriber.GraphQLServer.Validation;

namespace ProductDescriber.GraphQLServer.Uploads;

/// <summary>
/// This Host's own folder for spooled uploads, under <see cref="UploadOptions.TempDirectory"/>. Created (and the
/// folders of Hosts that died, SIGKILL included, swept) when the Host starts; removed when it stops.
/// </summary>
internal sealed class UploadFolder(IOptions<UploadOptions> options) : IHostedService, IDisposable
{
    private readonly Lazy<TempFolder> _folder = new(() => TempFolder.Create(options.Value.TempDirectory));

    public string NewFilePath() => _folder.Value.NewFilePath();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = _folder.Value;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        if (_folder.IsValueCreated)
        {
            _folder.Value.Dispose();
        }
    }
}

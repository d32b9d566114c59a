using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.Options;
using ProductDescriber.BuildingBlocks.Storage;
using ProductDescriber.Storage.Ledger;

namespace ProductDescriber.Storage;

/// <summary>
/// Registers <see cref="IFileStorage"/> (local disk or S3, per <c>STORAGE_TYPE</c>), <see cref="IFileLinks"/>, <c>/files</c>
/// and the file ledger (<see cref="IFileLedger"/>, its table in schema <c>storage</c> and its janitor).
/// </summary>
public static class FileStorageRegistration
{
    public static IServiceCollection AddFileStorage(this IServiceCollection services)
    {
        services.AddSingleton<IConfigureOptions<StorageOptions>, StorageOptionsSetup>();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddOptions<StorageOptions>().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<FileLinks>();
        services.AddSingleton<IFileLinks>(provider => provider.GetRequiredService<FileLinks>());
        services.AddSingleton<DerivedFiles>();
        services.AddSingleton<IFileStorage>(provider => Create(provider.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddFileLedger();
        return services;
    }

    /// <summary><c>GET|HEAD /files/{key}</c>, the signed links' endpoint (see <see cref="FilesEndpoint"/>).</summary>
    public static IEndpointConventionBuilder MapFileLinks(this IEndpointRouteBuilder endpoints) => endpoints.MapFiles();

    private static IFileStorage Create(StorageOptions options) => options.Type switch
    {
        StorageType.S3 => new S3FileStorage(CreateClient(options.S3), options.S3.BucketName!, options.S3.PartSizeBytes),
        _ => new LocalFileStorage(options.LocalRoot),
    };

    internal static AmazonS3Client CreateClient(S3StorageOptions options)
    {
        var config = new AmazonS3Config
        {
            // S3-compatible servers (RADOS Gateway, MinIO) serve buckets by path, and reject or mangle the
            // checksums the SDK adds by default since 2025.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (!string.IsNullOrEmpty(options.ServiceUrl))
        {
            config.ServiceURL = options.ServiceUrl;
            config.ForcePathStyle = true;
            config.AuthenticationRegion = options.Region ?? "us-east-1";
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        }

        return string.IsNullOrEmpty(options.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }
}

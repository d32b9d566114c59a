using Microsoft.Extensions.Options;

namespace ProductDescriber.Storage;

/// <summary>Reads the <c>Storage</c> section, then the seed's flat names and the standard AWS ones over it.</summary>
internal sealed class StorageOptionsSetup(IConfiguration configuration, IHostEnvironment environment) : IConfigureOptions<StorageOptions>
{
    // Without a configured secret, Development still gets working links; they just stop working on restart.
    private static readonly string DevelopmentKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public void Configure(StorageOptions options)
    {
        configuration.GetSection("Storage").Bind(options);
        if (Setting("STORAGE_TYPE") is { } type)
        {
            options.Type = Enum.TryParse<StorageType>(type, ignoreCase: true, out var parsed) ? parsed : (StorageType)(-1);
        }

        options.LocalRoot = Path.GetFullPath(Setting("STORAGE_LOCAL_ROOT") ?? options.LocalRoot, environment.ContentRootPath);
        var s3 = options.S3;
        s3.BucketName = Setting("STORAGE_BUCKET_NAME") ?? s3.BucketName;
        s3.ServiceUrl = Empty(s3.ServiceUrl) ?? Setting("AWS_ENDPOINT_URL_S3") ?? Setting("AWS_ENDPOINT_URL");
        s3.Region = Empty(s3.Region) ?? Setting("AWS_REGION") ?? Setting("AWS_DEFAULT_REGION");
        s3.AccessKey = Empty(s3.AccessKey) ?? Setting("AWS_ACCESS_KEY_ID");
        s3.SecretKey = Empty(s3.SecretKey) ?? Setting("AWS_SECRET_ACCESS_KEY");

        options.SecretKey = Setting("SECRET_KEY") ?? Setting("Identity:SecretKey") ?? "";
        if (options.SecretKey.Length == 0 && environment.IsDevelopment())
        {
            options.SecretKey = DevelopmentKey;
        }
    }

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private string? Setting(string name) => Empty(configuration[name]);
}

/// <summary>Refuses to start with storage settings that cannot work, naming the setting to fix.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    private const int MinPartSize = 5 * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Type))
        {
            failures.Add("STORAGE_TYPE must be 'local' or 's3'.");
        }

        // The link key comes from SECRET_KEY, which Identity already refuses when missing or short: checking it
        // here too would only report the same mistake twice.
        if (options.LinkLifetime < TimeSpan.FromSeconds(1) || options.LinkLifetime > TimeSpan.FromDays(7))
        {
            failures.Add("Storage:LinkLifetime must be between 1 second and 7 days.");
        }

        if (!string.IsNullOrEmpty(options.PublicBaseUrl)
            && (!Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https")))
        {
            failures.Add("Storage:PublicBaseUrl must be an absolute http(s) URL.");
        }

        if (options.FileJanitorInterval <= TimeSpan.Zero)
        {
            failures.Add("Storage:FileJanitorInterval must be positive.");
        }

        if (options.UploadOrphanGrace <= TimeSpan.Zero)
        {
            failures.Add("Storage:UploadOrphanGrace must be positive.");
        }

        if (options.Type == StorageType.S3)
        {
            ValidateS3(options.S3, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateS3(S3StorageOptions s3, List<string> failures)
    {
        if (string.IsNullOrEmpty(s3.BucketName))
        {
            failures.Add("STORAGE_TYPE=s3 needs STORAGE_BUCKET_NAME.");
        }

        if (!string.IsNullOrEmpty(s3.ServiceUrl) && !Uri.TryCreate(s3.ServiceUrl, UriKind.Absolute, out _))
        {
            failures.Add("Storage:S3:ServiceUrl (AWS_ENDPOINT_URL_S3) must be an absolute URL.");
        }

        if (string.IsNullOrEmpty(s3.AccessKey) != string.IsNullOrEmpty(s3.SecretKey))
        {
            failures.Add("Set both Storage:S3:AccessKey and Storage:S3:SecretKey (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY), or neither.");
        }

        if (string.IsNullOrEmpty(s3.Region) && string.IsNullOrEmpty(s3.ServiceUrl))
        {
            failures.Add("STORAGE_TYPE=s3 needs a region (AWS_REGION) or an endpoint (AWS_ENDPOINT_URL_S3).");
        }

        if (s3.PartSizeBytes < MinPartSize)
        {
            failures.Add("Storage:S3:PartSizeBytes must be at least 5 MiB (S3's smallest multipart part).");
        }

        if (s3.RedirectLifetime < TimeSpan.FromSeconds(1) || s3.RedirectLifetime > TimeSpan.FromDays(7))
        {
            failures.Add("Storage:S3:RedirectLifetime must be between 1 second and 7 days.");
        }
    }
}

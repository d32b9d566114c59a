namespace ProductDescriber.Storage;

internal enum StorageType
{
    Local,
    S3,
}

/// <summary>Settings of file storage (section <c>Storage</c>; the seed's flat names also work, see <see cref="StorageOptionsSetup"/>).</summary>
internal sealed class StorageOptions
{
    public StorageType Type { get; set; } = StorageType.Local;

    /// <summary>Root folder of local storage (<c>STORAGE_LOCAL_ROOT</c>); relative paths are under the content root.</summary>
    public string LocalRoot { get; set; } = "local_storage";

    /// <summary>How long a signed <c>/files</c> link works at least.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>When set (e.g. <c>https://describer.example.com</c>), links are absolute; otherwise root-relative.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>HMAC key material for links; filled from <c>SECRET_KEY</c> / <c>Identity:SecretKey</c>.</summary>
    public string SecretKey { get; set; } = "";

    public S3StorageOptions S3 { get; set; } = new();

    /// <summary>How often each Host carries out file deletions that could not run at once (the ledger's janitor).</summary>
    public TimeSpan FileJanitorInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a stored upload may wait for the row that refers to it before the janitor deletes it as an orphan.</summary>
    public TimeSpan UploadOrphanGrace { get; set; } = TimeSpan.FromHours(1);
}

internal sealed class S3StorageOptions
{
    /// <summary><c>STORAGE_BUCKET_NAME</c>.</summary>
    public string? BucketName { get; set; }

    /// <summary>Endpoint of an S3-compatible server (<c>AWS_ENDPOINT_URL_S3</c>); empty means AWS itself.</summary>
    public string? ServiceUrl { get; set; }

    public string? Region { get; set; }

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>Bodies up to this size go in one PUT; larger ones in parts of this size (S3's minimum part is 5 MiB).</summary>
    public int PartSizeBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Lifetime of the pre-signed URL the <c>/files</c> endpoint redirects to.</summary>
    public TimeSpan RedirectLifetime { get; set; } = TimeSpan.FromMinutes(5);
}

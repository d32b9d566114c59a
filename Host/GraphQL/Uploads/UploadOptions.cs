namespace ProductDescriber.Host.GraphQL.Uploads;

/// <summary>Limits of the multipart transport (section <c>Uploads</c>; <c>MAX_UPLOAD_SIZE_BYTES</c> overrides the file size).</summary>
internal sealed class UploadOptions
{
    public long MaxFileBytes { get; set; } = 10 * 1024 * 1024;

    public int MaxFiles { get; set; } = 20;

    /// <summary>Largest <c>operations</c> or <c>map</c> field.</summary>
    public int MaxFieldBytes { get; set; } = 1024 * 1024;

    /// <summary>Where files wait while their request runs; deleted when it ends.</summary>
    public string TempDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "product-describer-uploads");
}

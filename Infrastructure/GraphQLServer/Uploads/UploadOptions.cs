using ProductDescriber.GraphQLServer.Validation;

namespace ProductDescriber.GraphQLServer.Uploads;

/// <summary>Limits of the multipart transport (section <c>Uploads</c>; <c>MAX_UPLOAD_SIZE_BYTES</c> overrides the file size).</summary>
internal sealed class UploadOptions
{
    public long MaxFileBytes { get; set; } = 10 * 1024 * 1024;

    public int MaxFiles { get; set; } = 20;

    /// <summary>Largest <c>operations</c> or <c>map</c> field.</summary>
    public int MaxFieldBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Parent of each Host's own folder of files waiting while their request runs; the folders of dead Hosts are
    /// swept at start (see <see cref="UploadFolder"/>).
    /// </summary>
    public string TempDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "product-describer-uploads");

    /// <summary>
    /// Bytes one user may have spooled at once, over all their requests in flight; null means twice the largest
    /// request (<see cref="MaxFiles"/> x <see cref="MaxFileBytes"/>), so one full upload and its retry fit.
    /// </summary>
    public long? MaxSpoolBytesPerUser { get; set; }

    /// <summary>A body that delivers fewer bytes than this in any <see cref="RateWindow"/> is cut; 0 turns the check off.</summary>
    public int MinBytesPerWindow { get; set; } = 16 * 1024;

    public TimeSpan RateWindow { get; set; } = TimeSpan.FromSeconds(5);

    public long SpoolBudgetPerUser => MaxSpoolBytesPerUser ?? 2 * MaxFiles * MaxFileBytes;
}

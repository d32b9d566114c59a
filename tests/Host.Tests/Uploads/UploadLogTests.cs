using Microsoft.Extensions.Logging;
using ProductDescriber.Host.Tests.Http;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.Uploads;

/// <summary>
/// What an upload leaves in the logs: a client that hangs up mid-upload is a client event (Information), not an
/// error of ours; a photo upload runs no query EF Core warns about.
/// </summary>
public sealed class UploadLogTests(UploadHostFixture fixture) : IClassFixture<UploadHostFixture>
{
    /// <summary>EF Core's <c>CoreEventId.FirstWithoutOrderByAndFilterWarning</c>.</summary>
    private const int FirstWithoutOrderBy = 10103;

    [Fact]
    public async Task A_client_that_hangs_up_mid_upload_is_logged_as_a_client_event_and_its_files_are_deleted()
    {
        var before = fixture.Logs.Lines.Count;
        var upload = await RawUpload.StartAsync(fixture.Host.BaseAddress, await UploadBody.OfRandomFilesAsync(300_000, 600_000), fixture.AdminToken);
        await upload.SendAllButAsync(200_000);
        await Eventually.TrueAsync(() => fixture.TempFiles().Length == 2, "both files to be spooled");

        upload.Abort();

        await Eventually.TrueAsync(() => fixture.TempFiles().Length == 0, "the files to be deleted");
        var clientEvent = await Eventually.FoundAsync(
            () => fixture.Logs.Lines.Skip(before).FirstOrDefault(l => l.Category.EndsWith(".GraphQLHttpHandler", StringComparison.Ordinal)),
            "the handler to log the client's hang-up");
        Assert.Equal(LogLevel.Information, clientEvent.Level);
        Assert.DoesNotContain(fixture.Logs.Lines.Skip(before), l => l.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task A_photo_upload_logs_no_warning_or_error()
    {
        using var admin = await fixture.Host.AdminAsync();
        var product = (await admin.QueryAsync("mutation { createProduct(input: {name: \"Logged upload\"}) { product { id } } }")).Json("createProduct", "product", "id");
        var photo = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "stasher_1.png"));
        var before = fixture.Logs.Lines.Count;

        var response = await admin.PostMultipartAsync(
            "mutation($i: UploadReferenceImagesInput!) { uploadReferenceImages(input: $i) { referenceImages { id } errors { message } } }",
            new { i = new { productId = product, files = new object?[] { null, null } } },
            new MultipartFile("variables.i.files.0", "front.png", photo, "image/png"),
            new MultipartFile("variables.i.files.1", "back.png", photo, "image/png"));

        Assert.Equal(2, response.Data.GetProperty("uploadReferenceImages").GetProperty("referenceImages").GetArrayLength());
        var logged = fixture.Logs.Lines.Skip(before).ToList();
        Assert.DoesNotContain(logged, l => l.EventId == FirstWithoutOrderBy);
        Assert.DoesNotContain(logged, l => l.Level >= LogLevel.Warning);
    }
}

using System.Diagnostics;
using ProductDescriber.Host.Tests.Http;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.Uploads;

/// <summary>
/// A client whose upload stalls is cut: fewer than <c>Uploads:MinBytesPerWindow</c> bytes in any
/// <c>Uploads:RateWindow</c> ends the request with 408 and its files are deleted at once, however fast it was
/// before. A client that is slow but steady is not cut.
/// </summary>
public sealed class UploadStallTests(UploadStallTests.StallHost fixture) : IClassFixture<UploadStallTests.StallHost>
{
    private const int MinBytesPerWindow = 64 * 1024;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_client_that_stalls_after_a_fast_start_is_cut_within_the_window_and_its_files_are_deleted()
    {
        using var upload = await RawUpload.StartAsync(fixture.Host.BaseAddress, await UploadBody.OfRandomFilesAsync(990_000, 990_000), fixture.AdminToken);
        await upload.SendAsync(1_200_000);
        await Eventually.TrueAsync(() => fixture.TempFiles().Length == 2, "both files to be spooled");
        var stalledAt = Stopwatch.StartNew();

        var response = await upload.ReadResponseAsync(TimeSpan.FromSeconds(30));

        // The requirement itself: cut about one window after the data stopped, not after an average decays.
        Assert.True(stalledAt.Elapsed < Window * 5, $"Cut after {stalledAt.Elapsed.TotalSeconds:F1} s; the window is {Window.TotalSeconds} s.");
        Assert.True(response.Status == 408, response.ToString());
        Assert.Equal("UPLOAD_STALLED", Assert.Single(response.ErrorCodes));
        Assert.Equal("close", response.Header("Connection"));
        Assert.True(await upload.ServerClosedAsync(TimeSpan.FromSeconds(10)), "The Host kept the stalled connection open.");
        Assert.Empty(fixture.TempFiles());
    }

    [Fact]
    public async Task A_slow_but_steady_client_is_not_cut()
    {
        using var upload = await RawUpload.StartAsync(fixture.Host.BaseAddress, await UploadBody.OfRandomFilesAsync(700_000), fixture.AdminToken);

        // 64 KB every half second: about 6 s in all, three windows, never less than the minimum in any window.
        while (upload.Remaining > 0)
        {
            await upload.SendAsync(MinBytesPerWindow);
            await Task.Delay(Window / 4);
        }

        var response = await upload.ReadResponseAsync(TimeSpan.FromSeconds(30));
        Assert.True(response.Status == 200, response.ToString());
    }

    public sealed class StallHost : UploadHostFixture
    {
        protected override string Name => "upload_stall";

        protected override Dictionary<string, string?> UploadSettings => new()
        {
            ["Uploads:RateWindow"] = Window.ToString(),
            ["Uploads:MinBytesPerWindow"] = MinBytesPerWindow.ToString(),
        };
    }
}

using ProductDescriber.Host.Tests.Http;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.Uploads;

/// <summary>
/// One user's uploads in flight may hold at most <c>Uploads:MaxSpoolBytesPerUser</c> bytes on the Host's disk:
/// a second concurrent upload that would pass it is refused with 429, other users are unaffected, and the budget
/// comes back when the first upload ends.
/// </summary>
public sealed class UploadSpoolBudgetTests(UploadSpoolBudgetTests.BudgetHost fixture) : IClassFixture<UploadSpoolBudgetTests.BudgetHost>
{
    private const int Budget = 2_000_000;
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_second_concurrent_upload_past_the_users_budget_is_429_and_other_users_are_unaffected()
    {
        var member = await fixture.Host.CreateUserAsync();

        // The first upload sits on the Host's disk, all but its last kilobyte received.
        using var first = await RawUpload.StartAsync(fixture.Host.BaseAddress, await UploadBody.OfRandomFilesAsync(990_000), fixture.AdminToken);
        await first.SendAllButAsync(1_000);
        await Eventually.TrueAsync(() => fixture.TempBytes() >= 900_000, "the first upload to be spooled");

        // 990 KB held + 2 x 600 KB > 2 MB.
        using var second = await RawUpload.StartAsync(fixture.Host.BaseAddress, await UploadBody.OfRandomFilesAsync(600_000, 600_000), fixture.AdminToken);
        await second.SendRestAsync();
        var refused = await second.ReadResponseAsync(Prompt);

        Assert.True(refused.Status == 429, refused.ToString());
        Assert.Equal("UPLOAD_BUDGET_EXCEEDED", Assert.Single(refused.ErrorCodes));
        Assert.Contains($"{Budget} bytes", refused.Errors[0].GetProperty("message").GetString());

        // Another user's upload of the same size goes through meanwhile.
        using (var other = await RawUpload.StartAsync(fixture.Host.BaseAddress, await UploadBody.OfRandomFilesAsync(600_000, 600_000), member.Token))
        {
            await other.SendRestAsync();
            var accepted = await other.ReadResponseAsync(Prompt);
            Assert.True(accepted.Status == 200, accepted.ToString());
        }

        // The refused request kept nothing: only the first upload's file is on disk.
        await Eventually.TrueAsync(() => fixture.TempFiles().Length == 1, "the refused upload's files to be deleted");

        await first.SendRestAsync();
        var completed = await first.ReadResponseAsync(Prompt);
        Assert.True(completed.Status == 200, completed.ToString());

        // Its bytes are back in the budget: the upload that was refused now fits.
        using var again = await RawUpload.StartAsync(fixture.Host.BaseAddress, await UploadBody.OfRandomFilesAsync(600_000, 600_000), fixture.AdminToken);
        await again.SendRestAsync();
        var retried = await again.ReadResponseAsync(Prompt);
        Assert.True(retried.Status == 200, retried.ToString());
    }

    public sealed class BudgetHost : UploadHostFixture
    {
        protected override string Name => "upload_budget";

        protected override Dictionary<string, string?> UploadSettings => new() { ["Uploads:MaxSpoolBytesPerUser"] = Budget.ToString() };
    }
}

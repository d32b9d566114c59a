using ProductDescriber.Generation.Requests;
using ProductDescriber.Generation.Tests.Support;

namespace ProductDescriber.Generation.Tests.Jobs;

/// <summary>
/// A Host run as a real process is killed (SIGKILL: no shutdown code runs) in the middle of a four-picture job; a new
/// Host on the same database and storage takes the job over and finishes it without paying twice for a picture.
/// The provider is a fake Gemini (one picture per call) that answers two calls and holds the third. Pictures are
/// priced, so the cost ledger must hold exactly one row per stored picture: none twice for the two paid before the
/// kill, none missing for those paid after it.
/// </summary>
public sealed class GenerationCrashTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);

    /// <summary>A dead Host is noticed within seconds, lost work swept within seconds.</summary>
    private static readonly Dictionary<string, string?> FastJobs = new()
    {
        ["Jobs:CheckinInterval"] = "00:00:01",
        ["Jobs:CheckinMisfireThreshold"] = "00:00:02",
        ["Jobs:SweepInterval"] = "00:00:02",
        ["Jobs:SweepGrace"] = "00:00:01",
        ["Jobs:PollInterval"] = "00:00:01",
    };

    /// <summary>What Costs:Prices makes every Gemini picture cost, whatever its resolution.</summary>
    private const decimal PerPicture = 0.134m;

    [Fact]
    public async Task A_Host_killed_mid_job_leaves_it_to_the_next_Host_which_stores_exactly_the_missing_pictures()
    {
        var database = await TestDatabase.CreateAsync("generationkill");
        var storage = Directory.CreateTempSubdirectory("pd-generation-kill-").FullName;
        await using var fake = await GeminiImages.StartAsync();
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            // Pictures 0 and 1 are answered; the call for picture 2 is held until the Host is dead.
            fake.Script(call => call <= 2 ? FakeReply.Picture() : FakeReply.Picture().After(killed.Task));
            string requestId;
            await using (var first = HostProcess.Start(Environment(database, storage, fake)))
            {
                var url = await first.WaitForUrlAsync(StartTimeout);
                using var admin = new GraphQLClient(new HttpClient { BaseAddress = new Uri(url, "/") });
                await admin.LoginAsync("admin", TestHost.AdminPassword);
                var product = await admin.PhotographedProductAsync();
                requestId = await admin.StartGenerationAsync(new { productId = product.Id, prompt = "Survive a crash.", count = 4, provider = fake.Provider });

                await fake.ArrivedAsync(3, StartTimeout);
                await first.KillAsync();
            }

            killed.SetResult();
            await using var second = await TestHost.StartAsync("generationkill2", Settings(storage, fake), connectionString: database);
            var row = await second.FinishedRowAsync(requestId);

            Assert.Equal(GenerationStatus.Succeeded, row.Status);
            Assert.Equal(4, row.ImagesDone);
            var images = await second.ImageRowsAsync(requestId);
            Assert.Equal([0, 1, 2, 3], images.Select(i => i.Index));
            Assert.All(images, i => Assert.True(File.Exists(Path.Combine(storage, i.StorageKey)), i.StorageKey));
            Assert.Empty(row.Failures);

            // Three calls before the kill (the third cut off), then one per missing picture: 0 and 1 were not asked
            // for again. Attempts counts them all.
            Assert.Equal(5, fake.RequestCount);
            Assert.Equal(5, row.Attempts);

            // One ledger row per stored picture, each priced once: the kill neither doubled nor lost a row.
            var ledger = await LedgerRowsAsync(database, row.Id);
            Assert.Equal(images.Select(i => ($"generation:{row.Id}:image:{i.Index}", (decimal?)PerPicture, (string?)"USD")), ledger);
        }
        finally
        {
            killed.TrySetResult();
            Directory.Delete(storage, recursive: true);
        }
    }

    /// <summary>The request's ledger rows by picture: idempotency key, amount, currency.</summary>
    private static async Task<List<(string Key, decimal? Amount, string? Currency)>> LedgerRowsAsync(string database, long requestId)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT idempotency_key, amount, currency FROM costs.ledger_entries WHERE generation_request_id = @id ORDER BY idempotency_key", connection);
        command.Parameters.AddWithValue("id", requestId);
        var rows = new List<(string, decimal?, string?)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetDecimal(1), reader.IsDBNull(2) ? null : reader.GetString(2).Trim()));
        }

        return rows;
    }

    private static Dictionary<string, string?> Settings(string storage, ImageFake fake)
    {
        var settings = new Dictionary<string, string?>(FastJobs)
        {
            ["STORAGE_LOCAL_ROOT"] = storage,
            ["Costs:Prices:0:Provider"] = "gemini",
            ["Costs:Prices:0:Model"] = "*",
            ["Costs:Prices:0:From"] = "2020-01-01",
            ["Costs:Prices:0:PerImage:1K"] = "0.134",
            ["Costs:Prices:0:PerImage:2K"] = "0.134",
            ["Costs:Prices:0:PerImage:4K"] = "0.134",
            ["Costs:Prices:0:Currency"] = "USD",
        };
        foreach (var (key, value) in fake.HostSettings)
        {
            settings[key] = value;
        }

        return settings;
    }

    private static Dictionary<string, string> Environment(string database, string storage, ImageFake fake)
    {
        var environment = new Dictionary<string, string>
        {
            ["DATABASE_URL"] = database,
            ["SECRET_KEY"] = TestHost.SecretKey,
            ["ADMIN_PASSWORD"] = TestHost.AdminPassword,
            ["Identity__BcryptWorkFactor"] = "10",
        };
        foreach (var (key, value) in Settings(storage, fake))
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value!;
        }

        return environment;
    }
}

using ProductDescriber.Webhooks.Tests.Support;

namespace ProductDescriber.Webhooks.Tests;

/// <summary>
/// A Host run as a real process is killed (SIGKILL) while its delivery waits for the receiver's answer; the next Host
/// on the same database recovers the job and delivers: the receiver answers 2xx exactly once, the log shows one success.
/// </summary>
public sealed class CrashTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task A_Host_killed_mid_delivery_leaves_it_to_the_next_Host_which_delivers_it()
    {
        var database = await TestDatabase.CreateAsync("webhookkill");
        var storage = Directory.CreateTempSubdirectory("pd-webhook-kill-").FullName;
        await using var receiver = await Receiver.StartAsync();
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.Script("kill", async (call, context) =>
        {
            if (call == 1)
            {
                arrived.TrySetResult();
                await killed.Task;
                context.Response.StatusCode = 500; // Nobody hears it: the sender is dead.
                return;
            }

            context.Response.StatusCode = 200;
        });
        var settings = new Dictionary<string, string?>
        {
            ["STORAGE_LOCAL_ROOT"] = storage,
            ["Jobs:CheckinInterval"] = "00:00:01",
            ["Jobs:CheckinMisfireThreshold"] = "00:00:02",
            ["Jobs:SweepInterval"] = "00:00:02",
            ["Jobs:SweepGrace"] = "00:00:01",
            ["Jobs:PollInterval"] = "00:00:00.5",
            ["Webhooks:AllowedHosts:0"] = receiver.AllowedHost,
            ["Webhooks:Timeout"] = "00:01:00",
        };
        try
        {
            string endpointId;
            await using (var first = HostProcess.Start(Environment(database, settings)))
            {
                var url = await first.WaitForUrlAsync(StartTimeout);
                using var admin = new GraphQLClient(new HttpClient { BaseAddress = new Uri(url, "/") });
                await admin.LoginAsync("admin", TestHost.AdminPassword);
                var registered = await admin.RegisterPayloadAsync(receiver.Url("kill"), ["ANALYSIS_SUCCEEDED"], productId: null);
                endpointId = registered.GetProperty("endpoint").Json("id");
                await admin.AnalyseNewProductAsync();

                await arrived.Task.WaitAsync(StartTimeout);
                await first.KillAsync();
            }

            killed.SetResult();
            await using var second = await TestHost.StartAsync("webhookkill2", settings, connectionString: database);
            using var client = await second.AdminAsync();
            var delivery = await Eventually.ValueAsync(
                async () =>
                {
                    var found = Assert.Single(await client.DeliveriesAsync(endpointId));
                    Assert.Equal("SUCCEEDED", found.Json("status"));
                    return found;
                },
                TimeSpan.FromSeconds(60));

            var attempt = Assert.Single(delivery.GetProperty("attempts").EnumerateArray());
            Assert.Equal(200, attempt.GetProperty("statusCode").GetInt32());
            var seen = receiver.On("kill");
            Assert.Equal(2, seen.Count);
            Assert.Single(seen.Select(r => r.Headers["webhook-id"]).Distinct());
            Assert.Single(seen, r => r.Answered == 200);
        }
        finally
        {
            killed.TrySetResult();
            Directory.Delete(storage, recursive: true);
        }
    }

    private static Dictionary<string, string> Environment(string database, Dictionary<string, string?> settings)
    {
        var environment = new Dictionary<string, string>
        {
            ["DATABASE_URL"] = database,
            ["SECRET_KEY"] = TestHost.SecretKey,
            ["ADMIN_PASSWORD"] = TestHost.AdminPassword,
            ["Identity__BcryptWorkFactor"] = "10",
        };
        foreach (var (key, value) in settings)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value!;
        }

        return environment;
    }
}

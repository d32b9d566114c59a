using Microsoft.Extensions.Options;
using ProductDescriber.GraphQLServer.Transport;
using ProductDescriber.GraphQLServer.Validation;

namespace ProductDescriber.GraphQLServer.Uploads;

/// <summary>
/// Bytes each user has spooled to this Host's disk over all their requests in flight, so no single account can
/// fill the temp folder by opening many uploads at once. A request takes bytes as they arrive and gives them all
/// back when its files are deleted. Per Host: the disk it protects is this Host's own.
/// </summary>
internal sealed class UploadBudget(IOptions<UploadOptions> options)
{
    private readonly Dictionary<long, long> _held = [];

    public long Limit => options.Value.SpoolBudgetPerUser;

    public Allowance Open(long userId) => new(this, userId);

    private bool TryTake(long userId, long bytes, out long held)
    {
        lock (_held)
        {
            held = _held.GetValueOrDefault(userId);
            if (held + bytes > Limit)
            {
                return false;
            }

            _held[userId] = held + bytes;
            return true;
        }
    }

    private void Return(long userId, long bytes)
    {
        lock (_held)
        {
            var left = _held.GetValueOrDefault(userId) - bytes;
            if (left > 0)
            {
                _held[userId] = left;
            }
            else
            {
                _held.Remove(userId);
            }
        }
    }

    /// <summary>One request's share of its user's budget; disposing gives back everything it took.</summary>
    internal sealed class Allowance(UploadBudget budget, long userId) : IDisposable
    {
        private long _taken;

        /// <summary>Takes <paramref name="bytes"/> more, or refuses the request with 429 when the user's budget is spent.</summary>
        public void Take(long bytes)
        {
            if (!budget.TryTake(userId, bytes, out var held))
            {
                throw new RequestProblem(StatusCodes.Status429TooManyRequests, "UPLOAD_BUDGET_EXCEEDED",
                    $"This upload would take your uploads in progress past the {budget.Limit} bytes one user may have spooled at once "
                    + $"({held} held now, this one's included); wait for the others to finish, then send it again.");
            }

            _taken += bytes;
        }

        public void Dispose()
        {
            budget.Return(userId, _taken);
            _taken = 0;
        }
    }
}

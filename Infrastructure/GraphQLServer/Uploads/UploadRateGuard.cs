using ProductDescriber.GraphQLServer.Validation;

namespace ProductDescriber.GraphQLServer.Uploads;

/// <summary>
/// Cuts a multipart body whose client sends fewer than <see cref="UploadOptions.MinBytesPerWindow"/> bytes in any
/// <see cref="UploadOptions.RateWindow"/> (a sliding window checked every fifth of it). Kestrel's own
/// <c>MinRequestBodyDataRate</c> cannot do this: it averages over the whole body, so a client that sent 9 MB
/// quickly and then stalls stays "fast enough" for hours. See docs/adr/0003-multipart-uploads.md.
/// </summary>
internal sealed class UploadRateGuard : IDisposable
{
    private const int Slices = 5;

    private readonly long _minBytes;
    private readonly long[] _slices = new long[Slices];
    private readonly CancellationTokenSource _cut;
    private readonly ITimer? _timer;
    private long _arrived;
    private int _next;
    private int _ticks;
    private volatile bool _isCut;

    public UploadRateGuard(UploadOptions options, TimeProvider time, CancellationToken requestAborted)
    {
        _minBytes = options.MinBytesPerWindow;
        _cut = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        if (_minBytes > 0 && options.RateWindow > TimeSpan.Zero)
        {
            var slice = options.RateWindow / Slices;
            _timer = time.CreateTimer(_ => Tick(), null, slice, slice);
        }
    }

    /// <summary>Cancelled when the client is cut or goes away: pass it to every read of the body.</summary>
    public CancellationToken Token => _cut.Token;

    /// <summary>True once this guard cut the body (as opposed to the client leaving).</summary>
    public bool IsCut => _isCut;

    /// <summary>Bytes that arrived in the last full window when the body was cut.</summary>
    public long LastWindowBytes { get; private set; }

    public void Arrived(int bytes) => Interlocked.Add(ref _arrived, bytes);

    public void Dispose()
    {
        _timer?.Dispose();
        _cut.Dispose();
    }

    private void Tick()
    {
        lock (_slices)
        {
            if (_isCut)
            {
                return;
            }

            _slices[_next] = Interlocked.Exchange(ref _arrived, 0);
            _next = (_next + 1) % Slices;
            if (++_ticks < Slices)
            {
                return;
            }

            var window = _slices.Sum();
            if (window >= _minBytes)
            {
                return;
            }

            LastWindowBytes = window;
            _isCut = true;
        }

        try
        {
            _cut.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The body was read in full meanwhile.
        }
    }
}

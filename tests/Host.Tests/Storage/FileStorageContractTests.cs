using System.Security.Cryptography;
using System.Text;
using ProductDescriber.BuildingBlocks.Storage;

namespace ProductDescriber.Host.Tests.Storage;

/// <summary>What every <see cref="IFileStorage"/> promises; run against local disk and against a real S3 server.</summary>
public abstract class FileStorageContractTests
{
    /// <summary>Bigger than any implementation's single-write limit, so the multipart path runs.</summary>
    protected const int LargeObjectBytes = 12 * 1024 * 1024 + 12345;

    private protected abstract IFileStorage Storage { get; }

    /// <summary>Fails when a write left anything behind: a temp file, an unfinished multipart upload.</summary>
    protected abstract Task AssertNoLeftoversAsync();

    protected static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task Saved_object_reads_back_with_its_bytes_type_and_metadata()
    {
        var bytes = RandomNumberGenerator.GetBytes(5000);
        var saved = await Storage.SaveAsync("p/refs/photo.bin", new MemoryStream(bytes), "image/webp", None);

        await using var read = await Storage.OpenReadAsync("p/refs/photo.bin", None);
        Assert.NotNull(read);
        Assert.Equal(bytes, await ReadAllAsync(read.Content));
        Assert.Equal("image/webp", read.Info.ContentType);
        Assert.Equal(5000, read.Info.Length);
        Assert.Equal(saved.ETag, read.Info.ETag);

        var info = await Storage.GetInfoAsync("p/refs/photo.bin", None);
        Assert.Equal(saved with { LastModified = info!.LastModified }, info);
        Assert.Equal("p/refs/photo.bin", info.Key);
        Assert.False(string.IsNullOrEmpty(info.ETag));
    }

    [Fact]
    public async Task Missing_object_reads_as_null()
    {
        Assert.Null(await Storage.OpenReadAsync("nothing/here.png", None));
        Assert.Null(await Storage.GetInfoAsync("nothing/here.png", None));
    }

    [Fact]
    public async Task Empty_object_round_trips()
    {
        await Storage.SaveAsync("empty/file", new MemoryStream(), "text/plain", None);
        await using var read = await Storage.OpenReadAsync("empty/file", None);
        Assert.Equal(0, read!.Info.Length);
        Assert.Empty(await ReadAllAsync(read.Content));
    }

    [Fact]
    public async Task Overwrite_replaces_bytes_type_and_etag()
    {
        var first = await Storage.SaveAsync("over/write", Text("first version"), "text/plain", None);
        var second = await Storage.SaveAsync("over/write", Text("the second, longer version"), "application/json", None);

        await using var read = await Storage.OpenReadAsync("over/write", None);
        Assert.Equal("the second, longer version", Encoding.UTF8.GetString(await ReadAllAsync(read!.Content)));
        Assert.Equal("application/json", read.Info.ContentType);
        Assert.NotEqual(first.ETag, second.ETag);
    }

    [Fact]
    public async Task Delete_removes_the_object_and_says_so()
    {
        await Storage.SaveAsync("del/one.txt", Text("x"), "text/plain", None);
        await Storage.SaveAsync("del/two.txt", Text("y"), "text/plain", None);

        Assert.True(await Storage.DeleteAsync("del/one.txt", None));
        Assert.Null(await Storage.GetInfoAsync("del/one.txt", None));
        Assert.NotNull(await Storage.GetInfoAsync("del/two.txt", None));
    }

    [Fact]
    public async Task Deleting_a_missing_object_is_not_an_error()
    {
        Assert.False(await Storage.DeleteAsync("del/never-was.txt", None));
    }

    [Fact]
    public async Task DeletePrefix_deletes_the_folder_and_not_its_lookalike_neighbour()
    {
        string[] inside = ["stash/refs/a.png", "stash/refs/thumbs/a-256.webp", "stash/spec.json"];
        string[] outside = ["stasher/refs/b.png", "stasher.png", "other/stash/c.png"];
        foreach (var key in inside.Concat(outside))
        {
            await Storage.SaveAsync(key, Text(key), "text/plain", None);
        }

        Assert.Equal(3, await Storage.DeletePrefixAsync("stash/", None));

        foreach (var key in inside)
        {
            Assert.Null(await Storage.GetInfoAsync(key, None));
        }

        foreach (var key in outside)
        {
            Assert.NotNull(await Storage.GetInfoAsync(key, None));
        }

        Assert.Equal(0, await Storage.DeletePrefixAsync("stash/", None));
    }

    [Theory]
    [InlineData("../secret.txt")]
    [InlineData("a/../../secret.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("a//b")]
    [InlineData("a/./b")]
    [InlineData("a\\..\\b")]
    [InlineData("%2e%2e/secret.txt")]
    [InlineData("a b")]
    [InlineData("~storage/tmp/x")]
    [InlineData("")]
    public async Task Invalid_keys_are_refused_by_every_operation(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Storage.SaveAsync(key, Text("x"), "text/plain", None));
        await Assert.ThrowsAsync<ArgumentException>(() => Storage.OpenReadAsync(key, None));
        await Assert.ThrowsAsync<ArgumentException>(() => Storage.GetInfoAsync(key, None));
        await Assert.ThrowsAsync<ArgumentException>(() => Storage.DeleteAsync(key, None));
        await Assert.ThrowsAsync<ArgumentException>(() => Storage.DeletePrefixAsync(key, None));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Storage.GetDirectReadUrlAsync(key, TimeSpan.FromMinutes(1), None));
    }

    [Fact]
    public async Task Concurrent_saves_of_one_key_leave_exactly_one_complete_version()
    {
        const int Writers = 6;
        const int Size = 256 * 1024;
        var versions = Enumerable.Range(1, Writers).Select(i => Enumerable.Repeat((byte)i, Size + i).ToArray()).ToArray();
        await Storage.SaveAsync("race/key.bin", new MemoryStream(versions[0]), "application/octet-stream", None);

        var readerStop = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            var reads = 0;
            while (!readerStop.IsCancellationRequested || reads == 0)
            {
                await using var read = await Storage.OpenReadAsync("race/key.bin", None);
                AssertOneWholeVersion(versions, await ReadAllAsync(read!.Content));
                reads++;
            }
        });
        await Task.WhenAll(versions.Select(version => Task.Run(() =>
            Storage.SaveAsync("race/key.bin", new TrickleStream(version), "application/octet-stream", None))));
        await readerStop.CancelAsync();
        await reader;

        await using var final = await Storage.OpenReadAsync("race/key.bin", None);
        AssertOneWholeVersion(versions, await ReadAllAsync(final!.Content));
        await AssertNoLeftoversAsync();
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(LargeObjectBytes / 2)]
    [InlineData(LargeObjectBytes)]
    public async Task A_source_stream_failing_midway_leaves_no_object_and_no_temp_file(int failAfterBytes)
    {
        var source = new FailingStream(RandomNumberGenerator.GetBytes(failAfterBytes), new IOException("client went away"));
        await Assert.ThrowsAsync<IOException>(() => Storage.SaveAsync("fail/new.bin", source, "image/png", None));

        Assert.Null(await Storage.GetInfoAsync("fail/new.bin", None));
        await AssertNoLeftoversAsync();
    }

    [Fact]
    public async Task A_failed_overwrite_keeps_the_previous_object()
    {
        await Storage.SaveAsync("fail/existing.txt", Text("the original"), "text/plain", None);
        var source = new FailingStream(RandomNumberGenerator.GetBytes(LargeObjectBytes / 2), new IOException("boom"));
        await Assert.ThrowsAsync<IOException>(() => Storage.SaveAsync("fail/existing.txt", source, "image/png", None));

        await using var read = await Storage.OpenReadAsync("fail/existing.txt", None);
        Assert.Equal("the original", Encoding.UTF8.GetString(await ReadAllAsync(read!.Content)));
        Assert.Equal("text/plain", read.Info.ContentType);
        await AssertNoLeftoversAsync();
    }

    [Fact]
    public async Task A_cancelled_save_leaves_no_object()
    {
        using var cancellation = new CancellationTokenSource();
        var source = new FailingStream(RandomNumberGenerator.GetBytes(LargeObjectBytes / 2), null, cancellation);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Storage.SaveAsync("fail/cancelled.bin", source, "image/png", cancellation.Token));

        Assert.Null(await Storage.GetInfoAsync("fail/cancelled.bin", None));
        await AssertNoLeftoversAsync();
    }

    [Fact]
    public async Task A_large_object_round_trips_intact()
    {
        var bytes = RandomNumberGenerator.GetBytes(LargeObjectBytes);
        var saved = await Storage.SaveAsync("big/object.bin", new TrickleStream(bytes, 100_000), "image/jpeg", None);
        Assert.Equal(LargeObjectBytes, saved.Length);

        await using var read = await Storage.OpenReadAsync("big/object.bin", None);
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(await ReadAllAsync(read!.Content)));
        Assert.Equal("image/jpeg", read.Info.ContentType);
        await AssertNoLeftoversAsync();
    }

    protected static MemoryStream Text(string text) => new(Encoding.UTF8.GetBytes(text));

    protected static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static void AssertOneWholeVersion(byte[][] versions, byte[] actual) =>
        Assert.Contains(versions, version => version.AsSpan().SequenceEqual(actual));

    /// <summary>Hands out its bytes in small reads with yields between them, so concurrent writes interleave.</summary>
    private sealed class TrickleStream(byte[] bytes, int chunk = 16 * 1024) : MemoryStream(bytes, writable: false)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            return await base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        // Not seekable, like a request body: implementations must not rely on knowing the length up front.
        public override bool CanSeek => false;
    }

    /// <summary>Yields its bytes, then throws (or cancels the save's token), like an upload whose client disconnects.</summary>
    private sealed class FailingStream(byte[] bytes, Exception? failure, CancellationTokenSource? cancel = null) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position == bytes.Length)
            {
                cancel?.Cancel();
                cancel?.Token.ThrowIfCancellationRequested();
                throw failure!;
            }

            var count = Math.Min(buffer.Length, Math.Min(64 * 1024, bytes.Length - _position));
            bytes.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

using System.Buffers;
using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using ProductDescriber.BuildingBlocks.Storage;

namespace ProductDescriber.Storage;

/// <summary>
/// Objects in an S3-compatible bucket. A write becomes visible only when S3 completes it (one PUT, or the
/// multipart upload's completion), so a failed or cancelled write never leaves a partial object under the key.
/// </summary>
internal sealed class S3FileStorage(IAmazonS3 client, string bucketName, int partSizeBytes) : IFileStorage
{
    private const int DeleteBatchSize = 1000;

    public async Task<StoredObject> SaveAsync(string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        StorageKey.Require(key);
        var buffer = ArrayPool<byte>.Shared.Rent(partSizeBytes);
        try
        {
            var length = await content.ReadAtLeastAsync(buffer.AsMemory(0, partSizeBytes), partSizeBytes, throwOnEndOfStream: false, cancellationToken);
            if (length < partSizeBytes)
            {
                using var body = new MemoryStream(buffer, 0, length, writable: false);
                await client.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = bucketName,
                    Key = key,
                    InputStream = body,
                    ContentType = contentType,
                    AutoCloseStream = false,
                }, cancellationToken);
            }
            else
            {
                await UploadInPartsAsync(key, content, contentType, buffer, length, cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return await GetInfoAsync(key, cancellationToken)
            ?? throw new IOException($"Object '{key}' is missing right after it was written.");
    }

    public async Task<StoredObjectContent?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        StorageKey.Require(key);
        try
        {
            var response = await client.GetObjectAsync(bucketName, key, cancellationToken);
            var info = new StoredObject(key, response.ContentLength, response.Headers.ContentType ?? "application/octet-stream",
                response.LastModified ?? DateTime.UtcNow, response.ETag);
            return new StoredObjectContent(info, new OwningStream(response.ResponseStream, response));
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<StoredObject?> GetInfoAsync(string key, CancellationToken cancellationToken)
    {
        StorageKey.Require(key);
        try
        {
            var response = await client.GetObjectMetadataAsync(bucketName, key, cancellationToken);
            return new StoredObject(key, response.ContentLength, response.Headers.ContentType ?? "application/octet-stream",
                response.LastModified ?? DateTime.UtcNow, response.ETag);
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        // S3 deletes idempotently and does not say whether anything was there; the contract wants to know.
        var existed = await GetInfoAsync(key, cancellationToken) is not null;
        await client.DeleteObjectAsync(bucketName, key, cancellationToken);
        return existed;
    }

    public async Task<int> DeletePrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        StorageKey.RequirePrefix(prefix);
        var deleted = 0;
        var request = new ListObjectsV2Request { BucketName = bucketName, Prefix = prefix, MaxKeys = DeleteBatchSize };
        ListObjectsV2Response page;
        do
        {
            page = await client.ListObjectsV2Async(request, cancellationToken);
            var objects = page.S3Objects ?? [];
            if (objects.Count > 0)
            {
                var result = await client.DeleteObjectsAsync(new DeleteObjectsRequest
                {
                    BucketName = bucketName,
                    Objects = objects.Select(item => new KeyVersion { Key = item.Key }).ToList(),
                    Quiet = true,
                }, cancellationToken);
                if (result.DeleteErrors is { Count: > 0 } errors)
                {
                    throw new IOException($"Could not delete {errors.Count} objects under '{prefix}': {errors[0].Key}: {errors[0].Message}");
                }

                deleted += objects.Count;
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);

        return deleted;
    }

    public async ValueTask<Uri?> GetDirectReadUrlAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        StorageKey.Require(key);
        var url = await client.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = bucketName,
            Key = key,
            Verb = HttpVerb.GET,
            Expires = DateTime.UtcNow.Add(lifetime),
            Protocol = client.Config.ServiceURL?.StartsWith("http://", StringComparison.OrdinalIgnoreCase) == true ? Protocol.HTTP : Protocol.HTTPS,
        });
        return new Uri(url);
    }

    private async Task UploadInPartsAsync(string key, Stream content, string contentType, byte[] buffer, int length, CancellationToken cancellationToken)
    {
        var upload = await client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = bucketName,
            Key = key,
            ContentType = contentType,
        }, cancellationToken);
        try
        {
            var parts = new List<PartETag>();
            for (var partNumber = 1; length > 0; partNumber++)
            {
                using var body = new MemoryStream(buffer, 0, length, writable: false);
                var part = await client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = bucketName,
                    Key = key,
                    UploadId = upload.UploadId,
                    PartNumber = partNumber,
                    InputStream = body,
                    PartSize = length,
                }, cancellationToken);
                parts.Add(new PartETag(partNumber, part.ETag));
                length = await content.ReadAtLeastAsync(buffer.AsMemory(0, partSizeBytes), partSizeBytes, throwOnEndOfStream: false, cancellationToken);
            }

            await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = bucketName,
                Key = key,
                UploadId = upload.UploadId,
                PartETags = parts,
            }, cancellationToken);
        }
        catch
        {
            // Not the caller's token: a cancelled save must still release the parts it stored.
            await client.AbortMultipartUploadAsync(bucketName, key, upload.UploadId, CancellationToken.None);
            throw;
        }
    }

    /// <summary>The response body, disposing the response with it (which returns the connection).</summary>
    private sealed class OwningStream(Stream inner, IDisposable owner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                owner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

using System.Globalization;
using Microsoft.AspNetCore.StaticFiles;
using ProductDescriber.BuildingBlocks.Storage;

namespace ProductDescriber.Storage;

/// <summary>
/// Objects as plain files under one root folder, laid out by key, so an operator can browse and back them up.
/// Storage's own files live in <c>~storage/</c>: '~' is not allowed in keys, so no key can reach or collide with it.
/// </summary>
internal sealed class LocalFileStorage : IFileStorage, IDisposable
{
    internal const string InternalFolderName = "~storage";
    private const string DefaultContentType = "application/octet-stream";
    private const int MoveAttempts = 5;
    private static readonly FileExtensionContentTypeProvider ExtensionTypes = new();

    private readonly string _root;
    private readonly string _typesRoot;
    private readonly TempFolder _temp;

    public LocalFileStorage(string root)
    {
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        _typesRoot = Path.Combine(_root, InternalFolderName, "types");
        Directory.CreateDirectory(_typesRoot);
        _temp = TempFolder.Create(Path.Combine(_root, InternalFolderName, "tmp"));
    }

    public string Root => _root;

    public async Task<StoredObject> SaveAsync(string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        var tempPath = _temp.NewFilePath();
        try
        {
            await using (var output = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(output, cancellationToken);
                // Durable before it becomes visible: a crash right after the rename must not expose an empty file.
                await output.FlushAsync(cancellationToken);
                output.Flush(flushToDisk: true);
            }

            // The type goes first: a reader that sees the new bytes then also sees their type.
            await WriteTypeAsync(key, contentType, cancellationToken);
            MoveIntoPlace(tempPath, path);
        }
        catch
        {
            File.Delete(tempPath);
            throw;
        }

        return Describe(key, new FileInfo(path), contentType);
    }

    public Task<StoredObjectContent?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 81920, FileOptions.Asynchronous);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            // UnauthorizedAccessException: the key names a folder (e.g. "a" while "a/b" exists).
            return Task.FromResult<StoredObjectContent?>(null);
        }

        // Metadata of the open handle, so it describes exactly the bytes being read even if the key is replaced now.
        var lastWrite = File.GetLastWriteTimeUtc(stream.SafeFileHandle);
        var described = new StoredObject(key, stream.Length, ReadType(key), lastWrite, ETagOf(stream.Length, lastWrite));
        return Task.FromResult<StoredObjectContent?>(new StoredObjectContent(described, stream));
    }

    public Task<StoredObject?> GetInfoAsync(string key, CancellationToken cancellationToken)
    {
        var info = new FileInfo(PathOf(key));
        return Task.FromResult(info.Exists ? Describe(key, info, ReadType(key)) : null);
    }

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        var existed = File.Exists(path);
        if (existed)
        {
            File.Delete(path);
        }

        DeleteType(key);
        return Task.FromResult(existed);
    }

    public Task<int> DeletePrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        StorageKey.RequirePrefix(prefix);
        // Only the folder that holds every key with this prefix is walked: "stash/" walks "stash", "a/st" walks "a".
        var folderKey = prefix.Contains('/') ? prefix[..prefix.LastIndexOf('/')] : "";
        var folder = folderKey.Length == 0 ? _root : PathOf(folderKey);
        if (!Directory.Exists(folder))
        {
            return Task.FromResult(0);
        }

        var deleted = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = Path.GetRelativePath(_root, file).Replace(Path.DirectorySeparatorChar, '/');
            if (key.StartsWith(prefix, StringComparison.Ordinal) && StorageKey.IsValid(key))
            {
                File.Delete(file);
                DeleteType(key);
                deleted++;
            }
        }

        RemoveEmptyFolders(folder, _root);
        RemoveEmptyFolders(folderKey.Length == 0 ? _typesRoot : Path.Combine(_typesRoot, folderKey), _typesRoot);
        return Task.FromResult(deleted);
    }

    public ValueTask<Uri?> GetDirectReadUrlAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        StorageKey.Require(key);
        return ValueTask.FromResult<Uri?>(null);
    }

    public void Dispose() => _temp.Dispose();

    private string PathOf(string key) => Contained(_root, StorageKey.Require(key));

    private string TypePathOf(string key) => Contained(_typesRoot, key);

    // StorageKey already rules out traversal; this is the second lock on the same door.
    private static string Contained(string root, string key)
    {
        var path = Path.GetFullPath(Path.Combine(root, key));
        if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Storage key '{key}' leaves the storage root.", nameof(key));
        }

        return path;
    }

    private async Task WriteTypeAsync(string key, string contentType, CancellationToken cancellationToken)
    {
        var tempPath = _temp.NewFilePath();
        try
        {
            await File.WriteAllTextAsync(tempPath, contentType, cancellationToken);
            MoveIntoPlace(tempPath, TypePathOf(key));
        }
        catch
        {
            File.Delete(tempPath);
            throw;
        }
    }

    private void DeleteType(string key)
    {
        try
        {
            File.Delete(TypePathOf(key));
        }
        catch (Exception exception) when (exception is DirectoryNotFoundException or UnauthorizedAccessException)
        {
            // No type was recorded (or the key names a folder of types): nothing to delete.
        }
    }

    private string ReadType(string key)
    {
        try
        {
            return File.ReadAllText(TypePathOf(key)).Trim();
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            // A file put there by hand (or by the earlier Python version): guess from its name.
            return ExtensionTypes.TryGetContentType(key, out var type) ? type : DefaultContentType;
        }
    }

    // rename(2) replaces the target atomically. A concurrent delete may remove the (then empty) folder between
    // creating it and the rename, so that case is retried.
    private static void MoveIntoPlace(string source, string destination)
    {
        for (var attempt = 1; ; attempt++)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            try
            {
                File.Move(source, destination, overwrite: true);
                return;
            }
            catch (DirectoryNotFoundException) when (attempt < MoveAttempts)
            {
            }
        }
    }

    private static void RemoveEmptyFolders(string folder, string root)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        // Deepest first, so a parent becomes empty before it is looked at; then up towards (never including) the root.
        var folders = Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories)
            .OrderByDescending(path => path.Length)
            .Append(folder);
        for (var parent = Path.GetDirectoryName(folder); parent is not null && parent.Length > root.Length; parent = Path.GetDirectoryName(parent))
        {
            folders = folders.Append(parent);
        }

        foreach (var path in folders.ToList())
        {
            if (path.Length <= root.Length || path.StartsWith(Path.Combine(root, InternalFolderName), StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                Directory.Delete(path, recursive: false);
            }
            catch (IOException)
            {
                // Not empty (or a concurrent save just put a file in it): it stays.
            }
        }
    }

    private static StoredObject Describe(string key, FileInfo info, string contentType) =>
        new(key, info.Length, contentType, info.LastWriteTimeUtc, ETagOf(info.Length, info.LastWriteTimeUtc));

    // Derived from the file itself (not a separate record), so it can never describe other bytes than the file's.
    private static string ETagOf(long length, DateTime lastWriteUtc) =>
        "\"" + length.ToString("x", CultureInfo.InvariantCulture) + "-" + lastWriteUtc.Ticks.ToString("x", CultureInfo.InvariantCulture) + "\"";
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using GraphQL;
using GraphQL.Transport;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using ProductDescriber.BuildingBlocks.Diagnostics;
using ProductDescriber.GraphQLServer.Transport;
using ProductDescriber.GraphQLServer.Validation;

namespace ProductDescriber.GraphQLServer.Uploads;

/// <summary>
/// The GraphQL multipart request spec (jaydenseric/graphql-multipart-request-spec): fields <c>operations</c>, then
/// <c>map</c>, then the files. Files stream to temporary files while their size is counted, so memory stays flat
/// whatever their size; a file over the limit stops the read at once with 413, a user over their spool budget with
/// 429, a client that stalls with 408. The caller authenticates before the first byte of the body is read.
/// See docs/adr/0003-multipart-uploads.md.
/// </summary>
internal sealed partial class MultipartRequestReader(
    IGraphQLTextSerializer serializer,
    IOptions<UploadOptions> options,
    UploadFolder folder,
    UploadBudget budget,
    TimeProvider time,
    ILogger<MultipartRequestReader> logger)
{
    /// <summary>Reads the request of <paramref name="userId"/>, who was authenticated before any byte of the body was read.</summary>
    public async Task<MultipartRequest> ReadAsync(HttpContext http, long userId)
    {
        var settings = options.Value;
        AllowLargeBody(http, settings);
        var boundary = Boundary(http.Request.ContentType);
        using var guard = new UploadRateGuard(settings, time, http.RequestAborted);
        var allowance = budget.Open(userId);
        var files = new List<TempUploadedFile>();
        try
        {
            var reader = new MultipartReader(boundary, http.Request.Body) { HeadersLengthLimit = 16 * 1024 };
            var operationsJson = await ReadFieldAsync(reader, "operations", settings.MaxFieldBytes, guard);
            var mapJson = await ReadFieldAsync(reader, "map", settings.MaxFieldBytes, guard);
            var (requests, isBatch) = ParseOperations(operationsJson);
            var map = ParseMap(mapJson, settings.MaxFiles);

            var received = new Dictionary<string, TempUploadedFile>();
            while (await reader.ReadNextSectionAsync(guard.Token) is { } section)
            {
                var disposition = ContentDisposition(section);
                var name = disposition.Name.Value ?? "";
                if (!map.ContainsKey(name))
                {
                    throw RequestProblem.BadRequest($"The file field '{name}' is not named in `map`.");
                }

                if (received.ContainsKey(name))
                {
                    throw RequestProblem.BadRequest($"The file field '{name}' appears twice.");
                }

                var file = await SpoolAsync(section, disposition, settings, allowance, guard, files);
                received[name] = file;
            }

            foreach (var (name, paths) in map)
            {
                if (!received.TryGetValue(name, out var file))
                {
                    throw RequestProblem.BadRequest($"`map` names the file field '{name}', but the request has no such file.");
                }

                foreach (var path in paths)
                {
                    requests = Place(requests, isBatch, path, file);
                }
            }

            return new MultipartRequest(requests, isBatch, files, allowance);
        }
        catch (Exception exception) when (guard.IsCut && exception is not RequestProblem)
        {
            Discard(files, allowance);
            LogStalled(logger, userId, guard.LastWindowBytes, settings.RateWindow.TotalSeconds);
            if (HttpProtocol.IsHttp11(http.Request.Protocol) || HttpProtocol.IsHttp10(http.Request.Protocol))
            {
                // The rest of the body will not come: close instead of waiting to drain it.
                http.Response.Headers.Connection = "close";
            }

            throw new RequestProblem(StatusCodes.Status408RequestTimeout, "UPLOAD_STALLED",
                $"The upload stalled: {guard.LastWindowBytes} bytes arrived in the last {settings.RateWindow.TotalSeconds:0.#} s, "
                + $"fewer than the {settings.MinBytesPerWindow} required; the request was cut and nothing of it was kept.");
        }
        catch
        {
            Discard(files, allowance);
            throw;
        }
    }

    private static void Discard(List<TempUploadedFile> files, UploadBudget.Allowance allowance)
    {
        foreach (var file in files)
        {
            file.Delete();
        }

        allowance.Dispose();
    }

    /// <summary>Kestrel's default body cap (30 MB) would cut off legitimate batches of files; our own limits apply per file.</summary>
    private static void AllowLargeBody(HttpContext http, UploadOptions settings)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = (settings.MaxFileBytes * settings.MaxFiles) + (2L * settings.MaxFieldBytes) + (64 * 1024);
        }
    }

    private static string Boundary(string? contentType)
    {
        var boundary = MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? HeaderUtilities.RemoveQuotes(parsed.Boundary).Value : null;
        return string.IsNullOrWhiteSpace(boundary) || boundary.Length > 200
            ? throw RequestProblem.BadRequest("The multipart request has no valid boundary.")
            : boundary;
    }

    private static ContentDispositionHeaderValue ContentDisposition(MultipartSection section) =>
        ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) && disposition.DispositionType.Equals("form-data")
            ? disposition
            : throw RequestProblem.BadRequest("Every part of a multipart request needs `Content-Disposition: form-data; name=...`.");

    private static async Task<string> ReadFieldAsync(MultipartReader reader, string expected, int maxBytes, UploadRateGuard guard)
    {
        var section = await reader.ReadNextSectionAsync(guard.Token)
            ?? throw RequestProblem.BadRequest($"The multipart request lacks the `{expected}` field.");
        var name = ContentDisposition(section).Name.Value;
        if (name != expected)
        {
            throw RequestProblem.BadRequest($"The multipart request must send `operations` first and `map` second; found '{name}' where `{expected}` belongs.");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await section.Body.ReadAsync(chunk, guard.Token)) > 0)
        {
            guard.Arrived(read);
            if (buffer.Length + read > maxBytes)
            {
                throw RequestProblem.TooLarge($"The `{expected}` field is larger than {maxBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private (IReadOnlyList<GraphQLRequest> Requests, bool IsBatch) ParseOperations(string json)
    {
        try
        {
            var trimmed = json.TrimStart();
            if (trimmed.StartsWith('['))
            {
                var batch = serializer.Deserialize<GraphQLRequest[]>(json) ?? [];
                return batch.Length == 0
                    ? throw RequestProblem.BadRequest("`operations` is an empty batch.")
                    : ([.. batch], true);
            }

            var request = serializer.Deserialize<GraphQLRequest>(json) ?? throw RequestProblem.BadRequest("`operations` must be a JSON object.");
            return ([request], false);
        }
        catch (JsonException exception)
        {
            throw RequestProblem.BadRequest($"`operations` is not a well-formed GraphQL request: {exception.Message}");
        }
    }

    private static Dictionary<string, string[]> ParseMap(string json, int maxFiles)
    {
        Dictionary<string, string[]>? map;
        try
        {
            map = JsonSerializer.Deserialize<Dictionary<string, string[]>>(json);
        }
        catch (JsonException)
        {
            throw RequestProblem.BadRequest("`map` must be a JSON object from file field names to arrays of paths.");
        }

        if (map is null || map.Values.Any(paths => paths is null || paths.Length == 0))
        {
            throw RequestProblem.BadRequest("`map` must give every file field at least one path.");
        }

        return map.Count > maxFiles
            ? throw RequestProblem.TooLarge($"At most {maxFiles} files can be sent in one request.")
            : map;
    }

    /// <summary>Copies one file part to this Host's upload folder, adding it to <paramref name="files"/> before its first byte.</summary>
    private async Task<TempUploadedFile> SpoolAsync(
        MultipartSection section,
        ContentDispositionHeaderValue disposition,
        UploadOptions settings,
        UploadBudget.Allowance allowance,
        UploadRateGuard guard,
        List<TempUploadedFile> files)
    {
        var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";
        var file = new TempUploadedFile(folder.NewFilePath(), fileName, section.ContentType);
        files.Add(file);
        await using var target = new FileStream(file.Path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
        var chunk = new byte[81920];
        int read;
        while ((read = await section.Body.ReadAsync(chunk, guard.Token)) > 0)
        {
            guard.Arrived(read);
            AppTelemetry.UploadBytes.Add(read);
            if (file.Length + read > settings.MaxFileBytes)
            {
                throw RequestProblem.TooLarge($"The file '{Printable(fileName)}' is larger than the limit of {settings.MaxFileBytes} bytes.");
            }

            allowance.Take(read);
            await target.WriteAsync(chunk.AsMemory(0, read), guard.Token);
            file.Length += read;
        }

        return file;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload of user {UserId} cut: its client sent {WindowBytes} bytes in the last {WindowSeconds} s")]
    private static partial void LogStalled(ILogger logger, long userId, long windowBytes, double windowSeconds);

    /// <summary>The client's file name fit for an error message: no control characters, at most 100 characters.</summary>
    private static string Printable(string fileName)
    {
        var printable = new string([.. fileName.Where(c => !char.IsControl(c))]);
        return printable.Length > 100 ? printable[..100] + "..." : printable;
    }

    /// <summary>Puts a file where <paramref name="path"/> points (e.g. <c>variables.files.0</c>, or <c>1.variables.file</c> in a batch).</summary>
    private static IReadOnlyList<GraphQLRequest> Place(IReadOnlyList<GraphQLRequest> requests, bool isBatch, string path, TempUploadedFile file)
    {
        var segments = path.Split('.');
        var index = 0;
        if (isBatch)
        {
            if (!int.TryParse(segments[0], NumberStyles.None, CultureInfo.InvariantCulture, out index) || index >= requests.Count)
            {
                throw InvalidPath(path);
            }

            segments = segments[1..];
        }

        if (segments.Length < 2 || segments[0] != "variables" || requests[index].Variables is null)
        {
            throw InvalidPath(path);
        }

        var variables = new Dictionary<string, object?>(requests[index].Variables!);
        object? container = variables;
        for (var i = 1; i < segments.Length; i++)
        {
            var last = i == segments.Length - 1;
            container = (container, segments[i]) switch
            {
                (IDictionary<string, object?> map, var key) when map.ContainsKey(key) => last ? Set(map, key, file, path) : map[key],
                (IList<object?> list, var text) when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var item) && item < list.Count
                    => last ? Set(list, item, file, path) : list[item],
                _ => throw InvalidPath(path),
            };
        }

        var updated = requests.ToArray();
        updated[index] = new GraphQLRequest
        {
            Query = requests[index].Query,
            DocumentId = requests[index].DocumentId,
            OperationName = requests[index].OperationName,
            Extensions = requests[index].Extensions,
            Variables = new Inputs(variables),
        };
        return updated;
    }

    private static object? Set(IDictionary<string, object?> map, string key, TempUploadedFile file, string path)
    {
        if (map[key] is not null)
        {
            throw InvalidPath(path);
        }

        map[key] = file;
        return null;
    }

    private static object? Set(IList<object?> list, int index, TempUploadedFile file, string path)
    {
        if (list[index] is not null)
        {
            throw InvalidPath(path);
        }

        list[index] = file;
        return null;
    }

    private static RequestProblem InvalidPath(string path) =>
        RequestProblem.BadRequest($"The `map` path '{path}' does not point at a null value under `variables`.");
}

using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace ProductDescriber.GraphQLServer.Ide;

/// <summary>Configuration section <c>Ide</c>.</summary>
internal sealed record BananaCakePopOptions
{
    public const string SectionName = "Ide";

    /// <summary>Defaults to true in Development only (see <see cref="BananaCakePopEndpoint.AddBananaCakePop"/>):
    /// the IDE is a convenience for people, not part of the API contract.</summary>
    public bool Enabled { get; set; }

    public string Title { get; set; } = "Product Describer";
}

/// <summary>
/// Serves the Banana Cake Pop GraphQL IDE (npm <c>@chillicream/bananacakepop-graphql-ide</c>, copied to
/// <c>AppContext.BaseDirectory/ide</c> by <c>BananaCakePop.targets</c>) on the GraphQL path itself, the way
/// HotChocolate and the package's express middleware do: browsers opening <c>/graphql</c> get the IDE at
/// <c>/graphql/</c> (framed by <see cref="IdeStarterPage"/>, which opens the starter document on a first visit),
/// every other request on <c>/graphql</c> reaches the GraphQL transport untouched.
/// </summary>
/// <remarks>
/// A middleware rather than routed endpoints: the IDE shares <c>GET /graphql</c> with the transport and is chosen
/// by the Accept header and the absence of GraphQL query parameters, which routing cannot express without a custom
/// matcher policy. It must therefore run before the transport (middleware or endpoint). Not being an endpoint also
/// keeps it outside endpoint authorization: the IDE files are public, the API behind them is not.
/// The files are served unchanged, LICENSE and *.LICENSE.txt included (ChilliCream License 1.0 requires it).
/// </remarks>
internal static class BananaCakePopEndpoint
{
    /// <summary>Folder under <see cref="AppContext.BaseDirectory"/> that BananaCakePop.targets fills.</summary>
    public const string OutputFolder = "ide";

    // Names follow the Identity module's schema (login/LoginInput/LoginPayload, Error, me/User): keep them in step.
    internal const string StarterDocument =
        """
        # Product Describer GraphQL API
        #
        # 1. Run "Login" (put the password into GraphQL Variables below).
        # 2. Send the "accessToken" it returns in the Authorization header as
        #      Authorization: Bearer <token>
        #    either in the HTTP Headers tab below, or for every document in the
        #    connection settings (gear at the top right) > Authorization > Bearer.
        # 3. Run "Me" to check who you are.

        mutation Login($input: LoginInput!) {
          login(input: $input) {
            accessToken
            expiresAt
            errors {
              code
              message
            }
          }
        }

        query Me {
          me {
            id
            username
            email
          }
        }

        """;

    private const string StaticPrefix = "/static/";
    private const string ImmutableCacheControl = "public, max-age=31536000, immutable";
    private const string RevalidateCacheControl = "no-cache";

    // Requests carrying any of these are GraphQL GET requests (or persisted-document requests), never the IDE.
    private static readonly string[] GraphQLQueryParameters = ["query", "documentId", "id", "extensions"];

    public static IServiceCollection AddBananaCakePop(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        // Registration order matters: the environment default first, so an explicit Ide:Enabled overrides it.
        services.AddOptions<BananaCakePopOptions>()
            .Configure<IHostEnvironment>((options, environment) => options.Enabled = environment.IsDevelopment())
            .BindConfiguration(BananaCakePopOptions.SectionName);
        return services;
    }

    /// <summary>Call before the GraphQL transport is mapped or used; requires <see cref="AddBananaCakePop"/>.</summary>
    public static IApplicationBuilder UseBananaCakePop(this IApplicationBuilder app, string path = "/graphql")
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (path[0] != '/')
        {
            throw new ArgumentException("The IDE path must start with '/'.", nameof(path));
        }

        var services = app.ApplicationServices;
        if (!services.GetServices<IConfigureOptions<BananaCakePopOptions>>().Any())
        {
            // Without this the options silently default to disabled, which looks like a broken build.
            throw new InvalidOperationException(
                $"Call services.{nameof(AddBananaCakePop)}() before app.{nameof(UseBananaCakePop)}().");
        }

        var options = services.GetRequiredService<IOptions<BananaCakePopOptions>>().Value;
        if (!options.Enabled)
        {
            return app;
        }

        var mount = new PathString(path.TrimEnd('/'));
        var root = Path.Combine(AppContext.BaseDirectory, OutputFolder);
        IFileProvider files = Directory.Exists(root) ? new PhysicalFileProvider(root) : new NullFileProvider();

        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BananaCakePopEndpoint));
        if (files.GetFileInfo("index.html").Exists)
        {
            logger.LogInformation("Banana Cake Pop GraphQL IDE served at {IdePath}/", mount);
        }
        else
        {
            logger.LogWarning(
                "Banana Cake Pop GraphQL IDE files are missing from {IdeFolder}; run 'npm ci' in Infrastructure/GraphQLServer/Ide and rebuild",
                root);
        }

        var config = CreateConfigJson(options);
        var starterPage = IdeStarterPage.Create(mount, options.Title);
        var staticFileOptions = new StaticFileOptions
        {
            RequestPath = mount,
            FileProvider = files,
            ContentTypeProvider = new IdeContentTypeProvider(),
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.CacheControl = IsHashedAsset(context.Context.Request.Path, mount)
                    ? ImmutableCacheControl
                    : RevalidateCacheControl;
                headers.XContentTypeOptions = "nosniff";
            },
        };
        var environment = services.GetRequiredService<IWebHostEnvironment>();
        var loggerFactory = services.GetRequiredService<ILoggerFactory>();

        app.Use(next =>
        {
            // Unknown files fall through to next, i.e. to the transport, which answers them as it sees fit.
            var staticFiles = new StaticFileMiddleware(next, environment, Options.Create(staticFileOptions), loggerFactory);

            return context =>
            {
                var request = context.Request;
                if (!request.Path.StartsWithSegments(mount, StringComparison.OrdinalIgnoreCase, out var rest)
                    || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)))
                {
                    return next(context);
                }

                if (!rest.HasValue)
                {
                    return IsBrowserNavigation(context)
                        ? WriteAsync(context, StatusCodes.Status200OK, "text/html; charset=utf-8", starterPage)
                        : next(context);
                }

                if (rest.Value == "/")
                {
                    return ServeIndexAsync(context, files);
                }

                if (rest.Value!.Equals("/bcp-config.json", StringComparison.OrdinalIgnoreCase))
                {
                    return WriteAsync(context, StatusCodes.Status200OK, "application/json; charset=utf-8", config);
                }

                if (files.GetFileInfo(rest.Value) is { Exists: true, IsDirectory: false })
                {
                    // StaticFileMiddleware stands aside when routing already chose an endpoint, and a catch-all or
                    // fallback route would otherwise swallow the IDE's own files.
                    context.SetEndpoint(null);
                }

                return staticFiles.Invoke(context);
            };
        });

        return app;
    }

    private static bool IsBrowserNavigation(HttpContext context)
    {
        var request = context.Request;
        if (context.WebSockets.IsWebSocketRequest
            || request.Headers.Upgrade.Any(value => value?.Contains("websocket", StringComparison.OrdinalIgnoreCase) == true))
        {
            return false;
        }

        if (GraphQLQueryParameters.Any(request.Query.ContainsKey))
        {
            return false;
        }

        return request.Headers.Accept.Any(value => value?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);
    }

    private static async Task ServeIndexAsync(HttpContext context, IFileProvider files)
    {
        var index = files.GetFileInfo("index.html");
        if (!index.Exists)
        {
            await WriteAsync(context, StatusCodes.Status404NotFound, "text/html; charset=utf-8", NotInstalledPage);
            return;
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/html; charset=utf-8";
        response.ContentLength = index.Length;
        // The HTML names the hashed bundles of one package version: always revalidate it so an upgrade shows up.
        response.Headers.CacheControl = RevalidateCacheControl;
        response.Headers.XContentTypeOptions = "nosniff";
        if (HttpMethods.IsGet(context.Request.Method))
        {
            await response.SendFileAsync(index, context.RequestAborted);
        }
    }

    private static Task WriteAsync(HttpContext context, int status, string contentType, byte[] body)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        response.Headers.CacheControl = RevalidateCacheControl;
        response.Headers.XContentTypeOptions = "nosniff";
        return HttpMethods.IsHead(context.Request.Method)
            ? Task.CompletedTask
            : response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    private static bool IsHashedAsset(PathString requestPath, PathString mount) =>
        requestPath.StartsWithSegments(mount, StringComparison.OrdinalIgnoreCase, out var rest)
        && rest.Value?.StartsWith(StaticPrefix, StringComparison.Ordinal) == true
        // The licence notices sit next to the bundles but carry no hash of their own.
        && !rest.Value.EndsWith(".LICENSE.txt", StringComparison.OrdinalIgnoreCase);

    /// <summary>The keys the 18.0.0 bundle reads from <c>bcp-config.json</c> (checked in main.*.js).</summary>
    private static byte[] CreateConfigJson(BananaCakePopOptions options)
    {
        using var buffer = new MemoryStream();
        // Written by hand so no serializer configuration (source generation, reflection switched off) can break it.
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("title", options.Title);
            // The IDE derives its endpoint from the page URL minus the trailing slash: /graphql/ -> /graphql,
            // and ws(s)://host/graphql for subscriptions, so nothing here depends on host names or proxies.
            json.WriteBoolean("useBrowserUrlAsEndpoint", true);
            // Our transport speaks graphql-transport-ws; naming it skips the IDE's protocol probe.
            json.WriteString("subscriptionProtocol", "graphql-transport-ws");
            // Otherwise the IDE posts to ChilliCream's telemetry host on start.
            json.WriteBoolean("disableTelemetry", true);
            // Fills every document the user creates; the IDE opens none by itself (IdeStarterPage does, once).
            json.WriteString("graphQLDocument", StarterDocument);
            json.WriteStartObject("variables");
            json.WriteStartObject("input");
            json.WriteString("username", "admin");
            json.WriteString("password", "");
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static readonly byte[] NotInstalledPage = Encoding.UTF8.GetBytes(
        """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>GraphQL IDE not installed</title></head>
        <body>
        <h1>The GraphQL IDE is not installed</h1>
        <p>The Banana Cake Pop files were not found next to the Host. The GraphQL endpoint itself works.</p>
        <p>To install the IDE, run <code>npm ci</code> in <code>Infrastructure/GraphQLServer/Ide</code> (needs Node.js and access to the npm
        registry) and build the Host again; the build copies the files into its output folder <code>ide/</code>.</p>
        </body>
        </html>
        """);

    private sealed class IdeContentTypeProvider : IContentTypeProvider
    {
        private readonly FileExtensionContentTypeProvider inner = new();

        public bool TryGetContentType(string subpath, out string contentType)
        {
            // LICENSE has no extension, so the default provider would refuse to serve it; the licence wants it
            // reachable. Both it and the *.LICENSE.txt notices are UTF-8 text.
            if (Path.GetFileName(subpath).Equals("LICENSE", StringComparison.Ordinal)
                || subpath.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
            {
                contentType = "text/plain; charset=utf-8";
                return true;
            }

            // .js maps to text/javascript, which the IDE's service-worker check on localhost requires.
            return inner.TryGetContentType(subpath, out contentType!);
        }
    }
}

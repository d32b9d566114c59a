using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using ProductDescriber.BuildingBlocks.Diagnostics;

namespace ProductDescriber.Host.Telemetry;

/// <summary>
/// OpenTelemetry for the Host: what is traced and measured (our own source and meter, ASP.NET Core, HttpClient,
/// Npgsql, the runtime) is always described, but a tracer and meter provider only exist when something exports.
/// With no OTLP endpoint nothing listens, so spans are never created and instruments record nothing.
/// See docs/adr/0016-opentelemetry.md.
/// </summary>
internal static class TelemetryRegistration
{
    public const string EndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ServiceNameSetting = "OTEL_SERVICE_NAME";
    public const string DefaultServiceName = "product-describer";

    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        // These only describe the providers; they create none (AddOpenTelemetry below, or a test's own exporter, does).
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing
            .ConfigureResource(resource => Describe(resource, configuration))
            .AddSource(AppTelemetry.Name)
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddNpgsql());
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics
            .ConfigureResource(resource => Describe(resource, configuration))
            .AddMeter(AppTelemetry.Name)
            // .NET 9+ publishes runtime metrics (GC, heap, thread pool, exceptions) on this built-in meter.
            .AddMeter("System.Runtime")
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddNpgsqlInstrumentation());

        if (string.IsNullOrWhiteSpace(configuration[EndpointSetting]))
        {
            return services;
        }

        // The exporter reads the rest of the OTEL_EXPORTER_OTLP_* settings (protocol, headers, timeout) itself.
        // Logs stay with the logging providers as before; shipping them too would be a decision of its own.
        services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddOtlpExporter())
            .WithMetrics(metrics => metrics.AddOtlpExporter());
        return services;
    }

    private static void Describe(ResourceBuilder resource, IConfiguration configuration) => resource.AddService(
        serviceName: configuration[ServiceNameSetting] is { Length: > 0 } name ? name : DefaultServiceName,
        serviceVersion: typeof(TelemetryRegistration).Assembly.GetName().Version?.ToString());
}

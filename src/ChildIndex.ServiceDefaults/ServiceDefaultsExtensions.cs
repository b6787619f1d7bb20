using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ChildIndex.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    /// <summary>Configuration from CHILDINDEX_* environment variables (CHILDINDEX_PORT is read as
    /// PORT), and OpenTelemetry traces and metrics, exported over OTLP when
    /// OTEL_EXPORTER_OTLP_ENDPOINT is set.</summary>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        builder.Configuration.AddEnvironmentVariables("CHILDINDEX_");

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing => tracing
                // Spans carry the RPC's path and status; request bodies, and so personal data,
                // are never recorded.
                .AddAspNetCoreInstrumentation()
                .AddSource("ChildIndex.*"))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("ChildIndex.*"));

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }
}

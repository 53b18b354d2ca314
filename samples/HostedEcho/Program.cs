// The echo server run by the .NET generic host: registered with AddStreamcapsServer, configured from
// appsettings.json and the command line, its metrics served in the Prometheus text format.
// Usage: dotnet run --project samples/HostedEcho -- --Echo:Port=9000 --Metrics:Port=9464
// Then: `nc 127.0.0.1 9000` in one terminal, `curl http://127.0.0.1:9464/metrics` in another.
// SIGTERM or Ctrl+C stops it: it stops accepting, lets open connections finish within the host's shutdown
// timeout (--HostOptions:ShutdownTimeout=00:00:10), resets what is left, and exits 0.
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using Streamcaps.Hosting;
using Streamcaps.Net;
using Streamcaps.Samples;

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args,
    // appsettings.json sits beside the program, wherever it is started from.
    ContentRootPath = AppContext.BaseDirectory,
});

builder.Services.AddStreamcapsServer<EchoHandler>("Echo");

var metricsPort = builder.Configuration.GetValue("Metrics:Port", 9464);
builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
    .AddMeter(StreamcapsNetDiagnostics.MeterName)
    .AddPrometheusHttpListener(exporter =>
    {
        exporter.Host = "127.0.0.1";
        exporter.Port = metricsPort;
    }));

using var host = builder.Build();
await host.StartAsync();

var echo = host.Services.GetRequiredKeyedService<StreamcapsHostedServer>("Echo");
Console.WriteLine($"listening on {echo.LocalEndPoint}");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"metrics on http://127.0.0.1:{metricsPort}/metrics"));

await host.WaitForShutdownAsync();

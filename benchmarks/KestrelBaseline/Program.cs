// The baseline for the HttpServer sample under wrk (benchmarks/http-wrk.sh): Kestrel serving the same endpoint
// with a single app.Run handler, as an ASP.NET Core user would write it. GET / answers "Hello, World!" as
// text/plain with a Content-Length, as the sample does; Kestrel adds a Date header (HTTP asks an origin server
// with a clock to send one), and its Server header is turned off so the responses differ by Date alone.
// No logging providers: a user would keep some, but the sample logs nothing per request either.
// Run: dotnet benchmarks/KestrelBaseline/bin/Release/net10.0/KestrelBaseline.dll [PORT]   (0, the default, picks a free one)
using System.Globalization;
using System.Net;

var port = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 0;
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Listen(IPAddress.Loopback, port);
});
var app = builder.Build();

var hello = "Hello, World!"u8.ToArray();
app.Run(async context =>
{
    if (context.Request.Method != HttpMethods.Get || context.Request.Path != "/")
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return;
    }

    context.Response.ContentType = "text/plain";
    context.Response.ContentLength = hello.Length;
    await context.Response.Body.WriteAsync(hello);
});

await app.StartAsync();
// benchmarks/http-wrk.sh waits for this line and reads the port from it, as it does for the other two servers.
var address = new Uri(app.Urls.Single());
Console.WriteLine($"listening on {address.Host}:{address.Port}");
await app.WaitForShutdownAsync();

using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;

namespace Streamcaps.Hosting;

/// <summary>
/// Checks a hosted server's options before it binds, so a mistake stops the host at start with every bad
/// option named by its configuration path and value (<c>Echo:Port is 70000; it must be 0 to 65535.</c>)
/// rather than failing later, or deep in a socket call.
/// </summary>
internal sealed class StreamcapsServerOptionsValidator : IValidateOptions<StreamcapsServerOptions>
{
    public ValidateOptionsResult Validate(string? name, StreamcapsServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var section = string.IsNullOrEmpty(name) ? "" : name + ":";
        var failures = new List<string>();

        void Fail(string option, object? value, string rule) =>
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{section}{option} is '{value}'; {rule}"));

        if (!IPAddress.TryParse(options.Address, out _))
        {
            Fail(nameof(options.Address), options.Address, "it must be an IP address such as 127.0.0.1, ::1, 0.0.0.0 or ::.");
        }

        if (options.Port is < IPEndPoint.MinPort or > IPEndPoint.MaxPort)
        {
            Fail(nameof(options.Port), options.Port, "it must be 0 to 65535 (0 picks a free port).");
        }

        RequireAtLeastOne(nameof(options.MaxConnections), options.MaxConnections);
        RequireAtLeastOne(nameof(options.Backlog), options.Backlog);
        RequireAtLeastOne(nameof(options.ReceiveBufferSize), options.ReceiveBufferSize);
        RequireAtLeastOne(nameof(options.MaxReceiveBufferSize), options.MaxReceiveBufferSize);
        RequirePositive(nameof(options.IdleReadTimeout), options.IdleReadTimeout);

        if (options.Tls is { } tls)
        {
            RequirePositive("Tls:" + nameof(tls.HandshakeTimeout), tls.HandshakeTimeout);
            if (tls.Certificate is null)
            {
                if (string.IsNullOrWhiteSpace(tls.CertificateFile))
                {
                    Fail("Tls:" + nameof(tls.CertificateFile), tls.CertificateFile, "a TLS server needs a certificate file (PEM or PKCS#12).");
                }
                else if (!File.Exists(tls.CertificateFile))
                {
                    Fail("Tls:" + nameof(tls.CertificateFile), tls.CertificateFile, "no such file.");
                }

                if (tls.KeyFile is { } keyFile && !File.Exists(keyFile))
                {
                    Fail("Tls:" + nameof(tls.KeyFile), keyFile, "no such file.");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void RequireAtLeastOne(string option, int? value)
        {
            if (value < 1)
            {
                Fail(option, value, "it must be at least 1.");
            }
        }

        void RequirePositive(string option, TimeSpan? value)
        {
            if (value is { } timeout && timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
            {
                Fail(option, timeout, "it must be positive (or -00:00:00.001 for no limit).");
            }
        }
    }
}

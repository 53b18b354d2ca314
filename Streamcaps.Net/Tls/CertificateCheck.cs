using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Streamcaps.Net;

/// <summary>
/// The default certificate validation (accept only when <see cref="SslPolicyErrors.None"/>), installed when
/// the caller gave no callback of its own, so that a rejection can say <em>why</em>: untrusted, expired,
/// name mismatch, missing. <see cref="SslStream"/>'s own message names only the error flags.
/// </summary>
/// <param name="peerRole">"server" or "client", for the message.</param>
/// <param name="expectedName">The name the certificate must carry (the client's target host), if any.</param>
/// <param name="certificateRequired">Whether a missing certificate is an error (a server that does not
/// require client certificates accepts clients without one).</param>
internal sealed class CertificateCheck(string peerRole, string? expectedName, bool certificateRequired)
{
    /// <summary>Why the peer's certificate was rejected, or <see langword="null"/> when it was not.</summary>
    public string? Rejection { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (!certificateRequired)
        {
            errors &= ~SslPolicyErrors.RemoteCertificateNotAvailable;
        }

        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        Rejection = Describe(certificate, chain, errors);
        return false;
    }

    private string Describe(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var reasons = new List<string>();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            reasons.Add($"the {peerRole} sent no certificate");
        }

        var full = certificate as X509Certificate2;
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            reasons.Add($"its name does not match '{expectedName}' (it is for {Names(full)})");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            var statuses = chain?.ChainStatus ?? [];
            foreach (var status in statuses)
            {
                reasons.Add(Explain(status, full));
            }

            if (statuses.Length == 0)
            {
                reasons.Add("its certificate chain is invalid");
            }
        }

        var subject = certificate?.Subject is { Length: > 0 } s ? $" ({s})" : "";
        return $"The {peerRole}'s certificate{subject} was rejected: {string.Join("; ", reasons.Distinct())}.";
    }

    private static string Explain(X509ChainStatus status, X509Certificate2? certificate) => status.Status switch
    {
        X509ChainStatusFlags.NotTimeValid when certificate is not null =>
            string.Create(CultureInfo.InvariantCulture,
                $"it has expired or is not yet valid (valid from {certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u})"),
        X509ChainStatusFlags.NotTimeValid => "it has expired or is not yet valid",
        X509ChainStatusFlags.UntrustedRoot => "it is untrusted: its root authority is not trusted here",
        X509ChainStatusFlags.PartialChain => "it is untrusted: no chain to a trusted authority could be built",
        X509ChainStatusFlags.Revoked => "it has been revoked",
        X509ChainStatusFlags.NotValidForUsage => "it is not valid for this use (extended key usage)",
        _ => $"{status.Status}: {status.StatusInformation.Trim()}",
    };

    private static string Names(X509Certificate2? certificate)
    {
        if (certificate is null)
        {
            return "no name";
        }

        var names = new StringBuilder(certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension alternatives)
            {
                foreach (var dns in alternatives.EnumerateDnsNames())
                {
                    names.Append(", ").Append(dns);
                }

                foreach (var address in alternatives.EnumerateIPAddresses())
                {
                    names.Append(", ").Append(address);
                }
            }
        }

        return names.ToString();
    }
}

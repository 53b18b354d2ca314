namespace Streamcaps.Net;

/// <summary>Where a <see cref="ServerFailure"/> happened.</summary>
public enum ServerFailureKind
{
    /// <summary>Accepting a connection failed (the operating system refused, or the peer left first).</summary>
    Accept,

    /// <summary>Setting a connection up before its handler failed (a TLS handshake, for instance).</summary>
    Setup,

    /// <summary>The connection's handler threw.</summary>
    Handler,
}

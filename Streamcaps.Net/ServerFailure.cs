using System.Net;

namespace Streamcaps.Net;

/// <summary>A failure a <see cref="Server"/> absorbed: it cost one connection (or one accept), never the server.</summary>
/// <param name="Kind">Where it happened.</param>
/// <param name="RemoteEndPoint">The peer of the connection it cost, when known.</param>
/// <param name="Exception">What happened.</param>
public sealed record ServerFailure(ServerFailureKind Kind, EndPoint? RemoteEndPoint, Exception Exception);

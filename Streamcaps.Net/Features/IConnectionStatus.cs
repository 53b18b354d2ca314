namespace Streamcaps.Net;

/// <summary>A connection of this library that records its <see cref="ConnectionStatus"/>.</summary>
internal interface IConnectionStatus
{
    ConnectionStatus Status { get; }
}

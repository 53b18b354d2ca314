namespace Streamcaps.Net.Codecs;

/// <summary>
/// A wire protocol as a pair of pumps: a decoder that turns received bytes into messages and an encoder
/// that turns messages to send into bytes. <see cref="Codec.WithCodec{TIncoming, TOutgoing}(IConnection, ICodec{TIncoming, TOutgoing})"/>
/// applies it to a connection.
/// </summary>
/// <typeparam name="TIncoming">The messages received.</typeparam>
/// <typeparam name="TOutgoing">The messages sent.</typeparam>
/// <remarks>Pumps keep per-flow state, so a codec is a factory: it makes a fresh pair for each connection
/// and may itself be shared.</remarks>
public interface ICodec<TIncoming, TOutgoing>
{
    /// <summary>Makes the pump that decodes one connection's received bytes.</summary>
    IPump<ReadOnlyMemory<byte>, TIncoming> CreateDecoder();

    /// <summary>Makes the pump that encodes the messages one connection sends.</summary>
    IPump<TOutgoing, ReadOnlyMemory<byte>> CreateEncoder();
}

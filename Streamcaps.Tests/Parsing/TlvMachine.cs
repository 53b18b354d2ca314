using System.Buffers.Binary;
using Streamcaps.Framing;
using Streamcaps.Parsing;

namespace Streamcaps.Tests.Parsing;

/// <summary>A type-length-value record.</summary>
internal sealed record Tlv(byte Type, byte[] Value);

/// <summary>A parser for <c>[type:1][length:2, big endian][value]</c> records: the example state machine.</summary>
internal sealed class TlvMachine : IByteStateMachine<Tlv>
{
    private enum State
    {
        Type,
        Length,
        Value,
    }

    private State _state = State.Type;
    private byte _type;
    private int _length;

    public int BytesNeeded => _state switch
    {
        State.Type => 1,
        State.Length => 2,
        _ => _length,
    };

    public void Advance(ReadOnlySpan<byte> bytes, ICollection<Tlv> messages)
    {
        switch (_state)
        {
            case State.Type:
                _type = bytes[0];
                _state = State.Length;
                break;
            case State.Length:
                _length = BinaryPrimitives.ReadUInt16BigEndian(bytes);
                if (_length == 0)
                {
                    messages.Add(new Tlv(_type, []));
                    _state = State.Type;
                }
                else
                {
                    _state = State.Value;
                }

                break;
            default:
                messages.Add(new Tlv(_type, bytes.ToArray()));
                _state = State.Type;
                break;
        }
    }

    public void Finish(ReadOnlySpan<byte> leftover, ICollection<Tlv> messages)
    {
        if (_state != State.Type || !leftover.IsEmpty)
        {
            throw new TruncatedFrameException(leftover.Length, $"in the {_state} state of a record");
        }
    }
}

using System.Runtime.CompilerServices;
using Streamcaps.Framing;
using Streamcaps.Internal;

namespace Streamcaps.Parsing;

/// <summary>
/// Runs an <see cref="IByteStateMachine{TMessage}"/> over a byte stream: gathers exactly the bytes each state
/// needs (across chunk boundaries too), hands them over, and delivers the messages that produced, each
/// awaited before the next step.
/// </summary>
/// <typeparam name="TMessage">The parsed messages.</typeparam>
/// <remarks>
/// Bytes a state needs that lie inside one chunk are handed over as a slice of it; bytes that cross chunks
/// are gathered in a pooled buffer. A state that needs more than <see cref="MaxBytesNeeded"/> faults the flow
/// with <see cref="FrameTooLongException"/> before anything is buffered, so a hostile length cannot exhaust
/// memory. Allocates nothing per step when the machine doesn't and the output completes synchronously.
/// </remarks>
public sealed class StateMachinePump<TMessage> : IPump<ReadOnlyMemory<byte>, TMessage>
{
    private readonly IByteStateMachine<TMessage> _machine;
    private readonly FrameAssembler _gathered = new();
    private readonly List<TMessage> _messages = [];

    /// <summary>Creates the pump.</summary>
    /// <param name="machine">The parser, in its initial state.</param>
    /// <param name="maxBytesNeeded">The most bytes any state may ask for at once.</param>
    /// <exception cref="ArgumentNullException"><paramref name="machine"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBytesNeeded"/> is not positive.</exception>
    public StateMachinePump(IByteStateMachine<TMessage> machine, int maxBytesNeeded)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytesNeeded);
        _machine = machine;
        MaxBytesNeeded = maxBytesNeeded;
    }

    /// <summary>The most bytes any state may ask for at once.</summary>
    public int MaxBytesNeeded { get; }

    /// <inheritdoc/>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask RunAsync(ReadOnlyMemory<byte> item, ISink<TMessage> output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        while (TryStep(ref item))
        {
            await DeliverMessagesAsync(output, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask CompleteAsync(ISink<TMessage> output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        _machine.Finish(_gathered.WrittenSpan, _messages);
        _gathered.Release();
        await DeliverMessagesAsync(output, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Feeds the machine one state's bytes from <paramref name="input"/> if they are all there.</summary>
    private bool TryStep(ref ReadOnlyMemory<byte> input)
    {
        // Checked before looking at the input, so a hostile length fails as soon as it was read.
        var needed = _machine.BytesNeeded;
        if (needed < 1)
        {
            ThrowHelper.ThrowStateNeedsNoBytes(needed);
        }

        if (needed > MaxBytesNeeded)
        {
            ThrowHelper.ThrowFrameTooLong(needed, MaxBytesNeeded, lengthIsExact: true);
        }

        if (input.IsEmpty)
        {
            return false;
        }

        var held = _gathered.Length;
        if (held == 0 && input.Length >= needed)
        {
            _machine.Advance(input.Span[..needed], _messages);
            input = input[needed..];
            return true;
        }

        var count = Math.Min(needed - held, input.Length);
        _gathered.Append(input.Span[..count]);
        input = input[count..];
        if (held + count < needed)
        {
            return false;
        }

        _machine.Advance(_gathered.TakeFrame(0, needed).Span, _messages);
        return true;
    }

    private async ValueTask DeliverMessagesAsync(ISink<TMessage> output, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var message in _messages)
            {
                await output.RunAsync(message, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _messages.Clear();
        }
    }
}

using NATS.Client.Core;

namespace Streamcaps.Nats;

/// <summary>The NATS server could not be reached: nothing was sent or received.</summary>
public sealed class NatsConnectionException : IOException
{
    /// <summary>Creates the exception.</summary>
    public NatsConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Connects <paramref name="connection"/> (a no-op when it is connected), turning NATS.Net's
    /// failure into one that names the servers and the timeout.</summary>
    internal static async ValueTask ConnectAsync(INatsConnection connection)
    {
        try
        {
            await connection.ConnectAsync().ConfigureAwait(false);
        }
        catch (NatsException failure)
        {
            throw new NatsConnectionException(
                $"Could not connect to NATS at {connection.Opts.Url} within the connect timeout ({connection.Opts.ConnectTimeout.TotalSeconds:0.###} s): {failure.Message}",
                failure);
        }
    }
}

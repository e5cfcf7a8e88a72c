namespace Canvass.Client;

/// <summary>Where a subscription's connection stands.</summary>
public enum ConnectionState
{
    /// <summary>The first connection is being made.</summary>
    Connecting,

    /// <summary>Connected, subscribed and caught up: changes arrive as they happen.</summary>
    Connected,

    /// <summary>The connection was lost (or an attempt to restore it failed); the next attempt is under way or waiting.</summary>
    Reconnecting,

    /// <summary>Disposed: no more events.</summary>
    Closed,
}

/// <summary>A change of a subscription's connection, or a failed attempt to reconnect.</summary>
/// <param name="State">The state now.</param>
/// <param name="Error">Why the connection was lost or the attempt failed; null for a clean transition.</param>
/// <param name="Attempt">Failed attempts to reconnect since the connection was lost; 0 otherwise.</param>
/// <param name="Resume">When connected: how this connection caught up.</param>
public sealed record ConnectionStateChange(ConnectionState State, Exception? Error, int Attempt, ResumeMode? Resume);

/// <summary>How a (re)connection caught up with what the server has.</summary>
public enum ResumeMode
{
    /// <summary>
    /// The server has <c>SubscribeMany</c>: the client sent the version it holds of every unit and got back only the
    /// units that changed since, filtered by the server.
    /// </summary>
    SubscribeMany,

    /// <summary>
    /// An older server: <c>Subscribe</c> for each unit, and the client compared the snapshot's versions with its own.
    /// </summary>
    Subscribe,
}

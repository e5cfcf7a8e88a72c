namespace Canvass.Storage.Settings;

/// <summary>
/// Values decided once for a whole deployment and kept in the journal's store, so that every silo and every restart
/// read the same one (the screening clock's start, for one). A value is text; its owner parses it.
/// </summary>
public interface IDeploymentSettings
{
    /// <summary>
    /// Stores <paramref name="value"/> under <paramref name="name"/> unless a value is stored already, and returns the
    /// stored one: of several processes calling this at once with different values, all get the first writer's.
    /// </summary>
    Task<string> GetOrAddAsync(string name, string value, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="value"/> under <paramref name="name"/>, replacing any value stored before.</summary>
    Task SetAsync(string name, string value, CancellationToken cancellationToken = default);

    /// <summary>The stored value, or null when none is.</summary>
    Task<string?> GetAsync(string name, CancellationToken cancellationToken = default);
}

using System.Collections.Concurrent;

namespace Canvass.Storage.Settings;

/// <summary>Deployment settings in process memory: the same contract, lost on exit, as the memory journal is.</summary>
public sealed class MemoryDeploymentSettings : IDeploymentSettings
{
    private readonly ConcurrentDictionary<string, string> _values = new(StringComparer.Ordinal);

    public Task<string> GetOrAddAsync(string name, string value, CancellationToken cancellationToken = default) =>
        Task.FromResult(_values.GetOrAdd(name, value));

    public Task SetAsync(string name, string value, CancellationToken cancellationToken = default)
    {
        _values[name] = value;
        return Task.CompletedTask;
    }

    public Task<string?> GetAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(_values.TryGetValue(name, out var value) ? value : null);
}

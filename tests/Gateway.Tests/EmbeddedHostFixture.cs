namespace Canvass.Gateway.Tests;

/// <summary>The embedded host most gateway tests share (see <see cref="EmbeddedHost"/>); derived ones add settings.</summary>
public class EmbeddedHostFixture : EmbeddedHost
{
    public EmbeddedHostFixture()
    {
    }

    /// <summary>A host with more settings, for tests of limits.</summary>
    protected EmbeddedHostFixture(string[] settings, bool allowLoopbackTargets = true, DateTimeOffset? clockStart = null)
        : base(settings, allowLoopbackTargets, clockStart)
    {
    }
}

[CollectionDefinition(Name)]
public sealed class EmbeddedHostCollection : ICollectionFixture<EmbeddedHostFixture>
{
    public const string Name = "embedded host";
}

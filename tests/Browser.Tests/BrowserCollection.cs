// Timings are asserted and one test kills the gateway every other test uses: run the tests one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Canvass.Browser.Tests;

/// <summary>Every browser test shares one silo, one gateway and one Chromium.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserCluster>
{
    public const string Name = "browser";
}

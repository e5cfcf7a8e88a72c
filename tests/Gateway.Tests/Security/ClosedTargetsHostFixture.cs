namespace Canvass.Gateway.Tests.Security;

/// <summary>
/// A host whose webhooks may reach one loopback address nobody listens on (127.0.0.2) and nothing else inside, and
/// whose partners may have three webhooks each: refusals are proved with loopback targets, never another address.
/// </summary>
public sealed class ClosedTargetsHostFixture : EmbeddedHostFixture
{
    public const int MaxPerPartner = 3;

    public ClosedTargetsHostFixture()
        : base(["--Webhooks:AllowedPrivateTargets:0=127.0.0.2/32", $"--Webhooks:MaxPerPartner={MaxPerPartner}"], allowLoopbackTargets: false)
    {
    }
}

[CollectionDefinition(Name)]
public sealed class ClosedTargetsHostCollection : ICollectionFixture<ClosedTargetsHostFixture>
{
    public const string Name = "closed targets host";
}

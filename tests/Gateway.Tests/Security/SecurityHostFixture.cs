using Canvass.Gateway.Auth;

namespace Canvass.Gateway.Tests.Security;

/// <summary>
/// A host of its own for the security tests: a management port for /metrics, the dashboard on (as in the embedded
/// default), and a key rotation under way: the fixture's key signs, <see cref="OldKey"/> (kid
/// <see cref="OldKeyId"/>) is still accepted. Its revocations would otherwise refuse other tests' tokens.
/// </summary>
public sealed class SecurityHostFixture : EmbeddedHostFixture
{
    public const string OldKeyId = "2026-11";

    private static readonly int Management = Ports.Free();

    public SecurityHostFixture()
        : base([$"--Management:Urls=http://127.0.0.1:{Management}", $"--Auth:VerificationKeys:0:Id={OldKeyId}", $"--Auth:VerificationKeys:0:Key={Old}"])
    {
    }

    /// <summary>The key being rotated out, base64.</summary>
    public string OldKey => Old;

    /// <summary>The management port: /metrics and health alone.</summary>
    public Uri ManagementAddress { get; } = new($"http://127.0.0.1:{Management}");

    private static readonly string Old = SigningKeys.NewKey();
}

[CollectionDefinition(Name)]
public sealed class SecurityHostCollection : ICollectionFixture<SecurityHostFixture>
{
    public const string Name = "security host";
}

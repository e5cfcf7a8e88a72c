using Canvass.Abstractions.Configuration;
using Microsoft.Extensions.Options;

namespace Canvass.Gateway.Limits;

/// <summary>Checks the <c>Limits</c> section: a limit of zero would refuse every client, a negative one is a typo.</summary>
public sealed class LimitOptionsValidator : IValidateOptions<LimitOptions>
{
    public ValidateOptionsResult Validate(string? name, LimitOptions o) => new OptionsFailures()
        .Check(o.WritesPerSecond > 0 && o.WriteBurst > 0, "Limits:WritesPerSecond and Limits:WriteBurst must be positive.")
        .Check(o.ReadsPerSecond > 0 && o.ReadBurst > 0, "Limits:ReadsPerSecond and Limits:ReadBurst must be positive.")
        .Check(o.HubCallsPerSecond > 0 && o.HubCallBurst > 0, "Limits:HubCallsPerSecond and Limits:HubCallBurst must be positive.")
        .Check(o.PublicReadsPerSecond > 0 && o.PublicReadBurst > 0, "Limits:PublicReadsPerSecond and Limits:PublicReadBurst must be positive.")
        .Check(o.PublicCacheDuration >= TimeSpan.Zero, "Limits:PublicCacheDuration must not be negative.")
        .Check(o.MaxConnectionsPerSubject > 0 && o.MaxStreamsPerSubject > 0, "Limits:MaxConnectionsPerSubject and Limits:MaxStreamsPerSubject must be positive.")
        .Check(o.MaxHubMessageBytes > 0, "Limits:MaxHubMessageBytes must be positive.")
        .Result;
}

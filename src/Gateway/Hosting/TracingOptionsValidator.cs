using Canvass.Abstractions.Configuration;
using Microsoft.Extensions.Options;

namespace Canvass.Gateway.Hosting;

/// <summary>Checks the <c>Tracing</c> section: an endpoint, when set, is an absolute http or https address.</summary>
public sealed class TracingOptionsValidator : IValidateOptions<TracingOptions>
{
    public ValidateOptionsResult Validate(string? name, TracingOptions o) => new OptionsFailures()
        .Check(string.IsNullOrWhiteSpace(o.OtlpEndpoint)
                || (Uri.TryCreate(o.OtlpEndpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"),
            $"Tracing:OtlpEndpoint must be an absolute http or https address; '{o.OtlpEndpoint}' is not.")
        .Check(Enum.IsDefined(o.OtlpProtocol), "Tracing:OtlpProtocol must be Grpc or HttpProtobuf.")
        .Result;
}

using Canvass.Abstractions.Configuration;
using Microsoft.Extensions.Options;

namespace Canvass.Registry;

/// <summary>Checks the <c>Registry</c> section; the file itself is checked as it loads, with its file and line.</summary>
public sealed class RegistryOptionsValidator : IValidateOptions<RegistryOptions>
{
    public ValidateOptionsResult Validate(string? name, RegistryOptions options) => new OptionsFailures()
        .Check(!string.IsNullOrWhiteSpace(options.Path), "Registry:Path must name the registry manifest (registry.json).")
        .Result;
}

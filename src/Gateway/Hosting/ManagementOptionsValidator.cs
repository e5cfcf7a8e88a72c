using Canvass.Abstractions.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Canvass.Gateway.Hosting;

/// <summary>Checks the <c>Management</c> section: each address parses and has a port of its own.</summary>
public sealed class ManagementOptionsValidator : IValidateOptions<ManagementOptions>
{
    public ValidateOptionsResult Validate(string? name, ManagementOptions options)
    {
        var failures = new OptionsFailures();
        foreach (var url in ManagementOptions.Split(options.Urls))
        {
            int port;
            try
            {
                port = BindingAddress.Parse(url).Port;
            }
            catch (FormatException)
            {
                failures.Check(false, $"Management:Urls '{url}' is not an address, such as http://+:9464.");
                continue;
            }

            failures.Check(port > 0, $"Management:Urls '{url}' needs a port of its own (not 0): the management port is told apart by its number.");
        }

        return failures.Result;
    }
}

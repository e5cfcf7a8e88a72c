using Canvass.Abstractions.Configuration;
using Microsoft.Extensions.Options;

namespace Canvass.Grains.Uploads;

/// <summary>Checks the <c>Uploads</c> section; each failure names its setting, and stops the silo's start.</summary>
public sealed class UploadOptionsValidator : IValidateOptions<UploadOptions>
{
    public ValidateOptionsResult Validate(string? name, UploadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var shift = TeamShift.Parse(options.Shift);
        return new OptionsFailures()
            .Check(shift is not null, $"Uploads:Shift must be a daily window of registry time as HH:mm-HH:mm, its end after its start and at most 24:00; '{options.Shift}' is not.")
            .Check(options.SilentAfter > TimeSpan.Zero && (shift is not { } s || options.SilentAfter < s.End - s.Start),
                "Uploads:SilentAfter must be positive and shorter than Uploads:Shift.")
            .Check(options.CheckInterval > TimeSpan.Zero, "Uploads:CheckInterval must be positive.")
            .Result;
    }
}

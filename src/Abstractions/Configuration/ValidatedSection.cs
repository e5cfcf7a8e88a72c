using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Canvass.Abstractions.Configuration;

/// <summary>
/// A configuration section read as a validated options class, in the silo and in the gateway alike. Sections that
/// shape the host itself (ports, clustering, keys, limits) are needed while it is composed, before any
/// <c>ValidateOnStart</c> could run: they are checked when read, with the same validator the host's start runs, so
/// a bad value stops the process with the setting named either way, never later with a 500.
/// </summary>
public static class ValidatedSection
{
    /// <summary>
    /// Binds <paramref name="section"/> to <typeparamref name="T"/> with <paramref name="validator"/> and
    /// <c>ValidateOnStart</c>, and returns its value, checked now (an <see cref="OptionsValidationException"/> when bad).
    /// </summary>
    public static T AddValidatedSection<T>(this IServiceCollection services, IConfiguration configuration, string section, IValidateOptions<T> validator)
        where T : class, new()
    {
        var value = Read(configuration, section, validator);
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IValidateOptions<T>), validator));
        return value;
    }

    /// <summary>Reads and checks <paramref name="section"/> without a host (a command, or a host while it is composed).</summary>
    public static T Read<T>(IConfiguration configuration, string section, IValidateOptions<T> validator)
        where T : class, new()
    {
        T value;
        try
        {
            value = configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException e)
        {
            // The binder's message names the setting and the type it wanted ("…at 'Silo:SiloPort' to type 'System.Int32'").
            throw new OptionsValidationException(Options.DefaultName, typeof(T), [e.Message]);
        }

        var result = validator.Validate(Options.DefaultName, value);
        return result.Failed ? throw new OptionsValidationException(Options.DefaultName, typeof(T), result.Failures) : value;
    }
}

/// <summary>Collects the failures of one section, each message naming its setting.</summary>
public sealed class OptionsFailures
{
    private readonly List<string> _failures = [];

    /// <summary>Records <paramref name="message"/> unless <paramref name="holds"/>.</summary>
    public OptionsFailures Check(bool holds, string message)
    {
        if (!holds)
        {
            _failures.Add(message);
        }

        return this;
    }

    public ValidateOptionsResult Result => _failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_failures);
}

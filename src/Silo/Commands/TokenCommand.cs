using Canvass.Abstractions.Configuration;
using System.Globalization;
using Canvass.Gateway.Auth;
using Canvass.Registry;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Canvass.Silo.Commands;

/// <summary>
/// <c>token --role display --unit 440304 [--subject NAME] [--lifetime 12:00:00] [--Auth:... settings]</c>: mints a token
/// with the key this service signs with (the development key of the embedded default, made if missing, or
/// <c>Auth:SigningKey</c>) and prints it alone on standard output, so that <c>$(...)</c> captures it.
/// </summary>
internal static class TokenCommand
{
    public static int Run(string[] args)
    {
        string? role = null, unit = null, subject = null, lifetimeText = null;
        var settings = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--role" when i + 1 < args.Length: role = args[++i]; break;
                case "--unit" when i + 1 < args.Length: unit = args[++i]; break;
                case "--subject" when i + 1 < args.Length: subject = args[++i]; break;
                case "--lifetime" when i + 1 < args.Length: lifetimeText = args[++i]; break;
                default: settings.Add(args[i]); break;
            }
        }

        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine([.. settings])
            .Build();
        AuthOptions options;
        RegistryOptions registryOptions;
        try
        {
            options = ValidatedSection.Read(configuration, "Auth", new AuthOptionsValidator());
            registryOptions = ValidatedSection.Read(configuration, "Registry", new RegistryOptionsValidator());
        }
        catch (OptionsValidationException e)
        {
            return Fail(e.Message);
        }

        if (role is null || !Roles.All.Contains(role) || unit is null)
        {
            return Fail($"usage: token --role <{string.Join("|", Roles.All)}> --unit <unit id> [--subject NAME] [--lifetime 12:00:00]");
        }

        var lifetime = options.TokenLifetime;
        if (lifetimeText is not null && (!TimeSpan.TryParse(lifetimeText, CultureInfo.InvariantCulture, out lifetime) || lifetime <= TimeSpan.Zero || lifetime > options.MaxTokenLifetime))
        {
            return Fail($"--lifetime '{lifetimeText}' must be a positive TimeSpan of at most {options.MaxTokenLifetime}, such as 12:00:00 or 7.00:00:00.");
        }

        var registry = RegistryLoader.Load(registryOptions.Path);
        if (!registry.TryGet(unit, out var scope))
        {
            return Fail($"--unit '{unit}' is not in the registry {registry.Name}; its root is {registry.Root.Id}.");
        }

        SymmetricSecurityKey? key;
        try
        {
            key = SigningKeys.Resolve(options);
        }
        catch (InvalidOperationException e)
        {
            return Fail(e.Message);
        }

        if (key is null)
        {
            return Fail("Auth:Authority is set: tokens come from that issuer, and this service holds no key to sign with.");
        }

        var token = new TokenIssuer(options, key, TimeProvider.System).Mint(subject ?? $"{role}-{scope.Id}", role, scope.Id, lifetime);
        Console.Out.WriteLine(token.Token);
        Console.Error.WriteLine($"Role {role}, unit {scope.Id} ({scope.Name}), valid until {token.ExpiresAt.ToOffset(registry.UtcOffset):yyyy-MM-dd HH:mm zzz}.");
        var site = (configuration["Urls"] ?? "http://localhost:5000").Split(';')[0].TrimEnd('/');
        Console.Error.WriteLine($"Send it as 'Authorization: Bearer <token>', or sign a page in: {site}/wall?unit={scope.Id}#token=<token>");
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }
}

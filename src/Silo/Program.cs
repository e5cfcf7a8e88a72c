using Canvass.Silo.Commands;
using Canvass.Silo.Hosting;

switch (args)
{
    case ["generate-sites", .. var rest]:
        return GenerateSitesCommand.Run(rest);
    case ["import-divisions", .. var rest]:
        return ImportDivisionsCommand.Run(rest);
    case ["token", .. var rest]:
        return TokenCommand.Run(rest);
    case ["migrate", .. var rest]:
        return await MigrateCommand.RunAsync(rest);
}

var app = SiloHost.Build(args);
await app.RunAsync();
return 0;

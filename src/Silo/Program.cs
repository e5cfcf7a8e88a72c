using Canvass.Silo.Commands;
using Canvass.Silo.Hosting;

if (args is ["generate-sites", .. var rest])
{
    return GenerateSitesCommand.Run(rest);
}

var app = SiloHost.Build(args);
await app.RunAsync();
return 0;

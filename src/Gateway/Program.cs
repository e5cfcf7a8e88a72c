using Canvass.Gateway.Hosting;

// The gateway on its own: an Orleans client in front of a cluster of silos, scaled apart from them.
var builder = WebApplication.CreateBuilder(args);
builder.UseOrleansClient(client => client.UseLocalhostClustering(builder.Configuration.GetValue("Orleans:GatewayPort", 30000)));
builder.AddGatewayServices();

var app = builder.Build();
app.MapGateway();
app.Run();

using Canvass.Gateway.Hosting;

// The gateway on its own: an Orleans client in front of a cluster of silos, scaled apart from them.
var builder = WebApplication.CreateBuilder(args);
builder.AddGatewayClient();
builder.AddObservability("canvass-gateway");
builder.AddGatewayServices(alone: false);

var app = builder.Build();
app.MapObservability();
app.MapGateway();
app.Run();

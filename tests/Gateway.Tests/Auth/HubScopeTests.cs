using System.Text.Json;
using Canvass.Gateway.Auth;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Canvass.Gateway.Tests.Auth;

/// <summary>The hub methods for every role: who may connect, and what a connection may follow.</summary>
[Collection(AuthHostCollection.Name)]
public class HubScopeTests(AuthHostFixture host)
{
    public static TheoryData<string> AllRoles() => [.. Roles.All];

    [Theory]
    [MemberData(nameof(AllRoles))]
    public async Task A_role_follows_units_inside_its_unit_and_outside_sees_the_unknown_unit_answer(string role)
    {
        var token = host.Token(role, AuthHostFixture.Scope, subject: $"hub-{role}");
        if (!Permissions.RolesOf[Permissions.Subscribe].Contains(role))
        {
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => host.ConnectAsync(token));
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode);
            return;
        }

        await using var connection = await host.ConnectAsync(token);

        var snapshot = await connection.InvokeAsync<JsonElement>("Subscribe", AuthHostFixture.Scope, true);
        Assert.Equal(AuthHostFixture.Scope, snapshot.GetProperty("unit").GetProperty("id").GetString());
        var many = await connection.InvokeAsync<JsonElement>("SubscribeMany", new { units = new[] { new { id = host.SiteInside } } });
        Assert.Equal(host.SiteInside, many.GetProperty("units")[0].GetProperty("id").GetString());
        await connection.InvokeAsync("Unsubscribe", host.SiteInside);
        await connection.InvokeAsync<JsonElement?>("SubscribeCasePlaces");

        foreach (var (outside, unknown) in new[] { (AuthHostFixture.Outside, "449999"), (host.SiteOutside, "440304999999-999") })
        {
            var outsideError = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<JsonElement>("Subscribe", outside, false));
            var unknownError = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<JsonElement>("Subscribe", unknown, false));
            Assert.Equal(unknownError.Message.Replace(unknown, "{id}"), outsideError.Message.Replace(outside, "{id}"));

            outsideError = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<JsonElement>("SubscribeMany", new { units = new[] { new { id = outside } } }));
            unknownError = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<JsonElement>("SubscribeMany", new { units = new[] { new { id = unknown } } }));
            Assert.Equal(unknownError.Message.Replace(unknown, "{id}"), outsideError.Message.Replace(outside, "{id}"));
        }
    }

    [Fact]
    public async Task Without_a_token_the_hub_refuses_to_connect()
    {
        var connection = new HubConnectionBuilder().WithUrl(new Uri(host.BaseAddress, "/hubs/monitor")).Build();
        await using var _ = connection;

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}

using Canvass.Gateway.Auth;
using Microsoft.AspNetCore.SignalR.Client;

namespace Canvass.Gateway.Tests.Auth;

/// <summary>A live connection ends when its token expires, on the hub and on the event stream.</summary>
[Collection(AuthHostCollection.Name)]
public class ExpiryTests(AuthHostFixture host)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_hub_connection_whose_token_expires_is_closed_by_the_server()
    {
        var token = host.Token(Roles.Display, AuthHostFixture.Scope, lifetime: TimeSpan.FromSeconds(3));
        await using var connection = await host.ConnectAsync(token);
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += error =>
        {
            closed.TrySetResult(error);
            return Task.CompletedTask;
        };
        await connection.InvokeAsync<System.Text.Json.JsonElement>("Subscribe", AuthHostFixture.Scope, false);

        await closed.Task.WaitAsync(Patience);

        Assert.Equal(HubConnectionState.Disconnected, connection.State);
        // Not let in again with it, although REST calls allow a little clock skew.
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task An_event_stream_whose_token_expires_ends_with_an_expired_event()
    {
        var token = host.Token(Roles.Partner, AuthHostFixture.Scope, lifetime: TimeSpan.FromSeconds(3));
        using var client = host.Client(null);
        using var cancel = new CancellationTokenSource(Patience);

        await using var body = await client.GetStreamAsync($"/api/stream?units={AuthHostFixture.Scope}&access_token={token}", cancel.Token);
        using var reader = new StreamReader(body);
        var text = await reader.ReadToEndAsync(cancel.Token);

        Assert.Contains("event: units\n", text);
        Assert.EndsWith("event: expired\ndata: {\"detail\":\"The token expired: reconnect with a new one and Last-Event-ID.\"}\n\n", text);
    }
}

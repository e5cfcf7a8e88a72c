using System.Net;
using System.Text;
using System.Text.Json;
using Canvass.Gateway.Auth;
using Canvass.Registry;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Canvass.Gateway.Tests.Auth;

/// <summary>One client's flood does not reach the others; oversized input and foreign pages are refused.</summary>
[Collection(LimitedHostCollection.Name)]
public class AbuseTests(LimitedHostFixture host)
{
    private string Site => host.Services.GetRequiredService<UnitRegistry>().Sites[0].Id;

    [Fact]
    public async Task A_flood_from_one_client_is_limited_while_another_client_keeps_succeeding()
    {
        using var flooder = host.Client(host.Token(Roles.Screener, "4403", subject: "flooder"));
        using var neighbour = host.Client(host.Token(Roles.Screener, "4403", subject: "neighbour"));

        var flood = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => PostAsync(flooder, $"flood-{i}")));
        var limited = flood.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.True(int.Parse(limited[0].Headers.RetryAfter!.ToString()) >= 1);
        Assert.Equal("application/problem+json", limited[0].Content.Headers.ContentType?.MediaType);
        Assert.Contains("Retry after", await limited[0].Content.ReadAsStringAsync());

        using var other = await PostAsync(neighbour, "neighbour-1");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        foreach (var response in flood)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task The_admin_is_not_limited()
    {
        var posts = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => PostAsync(host.Http, $"admin-{i}")));

        Assert.All(posts, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
    }

    [Fact]
    public async Task A_batch_over_the_limit_is_refused_whole()
    {
        using var screener = host.Client(host.Token(Roles.Screener, "4403", subject: "big-batch"));
        var reports = Enumerable.Range(1, 21).Select(i => Report($"big-{i}"));

        using var response = await screener.PostAsync("/api/reports", new StringContent($"[{string.Join(',', reports)}]", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("at most 20", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Hub_calls_beyond_the_limit_fail_while_another_client_calls_on()
    {
        await using var flooder = await host.ConnectAsync(host.Token(Roles.Display, "4403", subject: "hub-flooder"));
        await using var neighbour = await host.ConnectAsync(host.Token(Roles.Display, "4403", subject: "hub-neighbour"));

        var calls = Enumerable.Range(0, 20).Select(_ => Try(() => flooder.InvokeAsync<JsonElement>("Subscribe", "440304", false))).ToList();
        var errors = (await Task.WhenAll(calls)).OfType<HubException>().ToList();

        Assert.NotEmpty(errors);
        Assert.Contains("Too many calls", errors[0].Message);
        Assert.Equal(HubConnectionState.Connected, flooder.State);
        var snapshot = await neighbour.InvokeAsync<JsonElement>("Subscribe", "440304", false);
        Assert.Equal("440304", snapshot.GetProperty("unit").GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_hub_message_over_the_size_limit_closes_the_connection()
    {
        await using var connection = await host.ConnectAsync(host.Token(Roles.Display, "4403", subject: "big-message"));
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        var units = Enumerable.Range(0, 400).Select(i => new { id = $"4403{i:D8}" }).ToArray();
        await Assert.ThrowsAnyAsync<Exception>(() => connection.InvokeAsync<JsonElement>("SubscribeMany", new { units }));
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Theory]
    [InlineData("/hubs/monitor/negotiate?negotiateVersion=1", "POST")]
    [InlineData("/api/stream?units=440304", "GET")]
    public async Task Pages_of_a_foreign_origin_may_not_open_the_hub_or_the_stream(string path, string method)
    {
        var own = host.BaseAddress.GetLeftPart(UriPartial.Authority);
        foreach (var (origin, allowed) in new[] { ("https://evil.example", false), (own, true), (LimitedHostFixture.AllowedOrigin, true) })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            request.Headers.Add("Origin", origin);
            using var response = await host.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

            if (allowed)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                continue;
            }

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("Origin not allowed", await response.Content.ReadAsStringAsync());
        }
    }

    private Task<HttpResponseMessage> PostAsync(HttpClient client, string id) =>
        client.PostAsync("/api/reports", new StringContent($"[{Report(id)}]", Encoding.UTF8, "application/json"));

    private string Report(string id) =>
        $$"""{"reportId":"{{id}}","siteId":"{{Site}}","household":1,"screenedAt":"{{DateTimeOffset.UtcNow.AddMinutes(-1):O}}","screenerId":"s1","outcome":"absent"}""";

    private static async Task<Exception?> Try(Func<Task> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Canvass.Gateway.Auth;
using Canvass.Registry;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Canvass.Gateway.Tests.Security;

/// <summary>Limits with no side door: units per connection, open connections and streams per subject, reads, ingest bytes, the public list.</summary>
[Collection(OpenLimitsHostCollection.Name)]
public class OpenLimitsTests(OpenLimitsHostFixture host)
{
    private UnitRegistry Registry => host.Services.GetRequiredService<UnitRegistry>();

    [Fact]
    public async Task Subscribe_one_unit_at_a_time_stops_at_the_connections_cap_of_200_units()
    {
        await using var connection = await ConnectAsync(host.Token(Roles.Display, "4403", "wall-one-by-one"));
        var subdistricts = Registry.Units.Where(u => u.Level == "subdistrict").ToList();
        var followed = new HashSet<string>();
        string? refusal = null;
        foreach (var subdistrict in subdistricts)
        {
            try
            {
                await connection.InvokeAsync<JsonElement>("Subscribe", subdistrict.Id, true);
            }
            catch (HubException e)
            {
                refusal = e.Message;
                break;
            }

            followed.Add(subdistrict.Id);
            followed.UnionWith(subdistrict.Children.Select(c => c.Id));
        }

        Assert.NotNull(refusal);
        Assert.Contains("a connection follows at most 200", refusal);
        Assert.InRange(followed.Count, 1, 200);
        // The connection stays and keeps what it had.
        var again = await connection.InvokeAsync<JsonElement>("Subscribe", subdistricts[0].Id, true);
        Assert.Equal(subdistricts[0].Id, again.GetProperty("unit").GetProperty("id").GetString());
    }

    [Fact]
    public async Task SubscribeMany_then_Subscribe_share_one_cap()
    {
        await using var connection = await ConnectAsync(host.Token(Roles.Display, "4403", "wall-mixed"));
        var communities = Registry.Units.Where(u => u.Level == "community").Take(201).ToList();

        await connection.InvokeAsync<JsonElement>("SubscribeMany", new { units = communities.Take(199).Select(c => new { id = c.Id }) });
        await connection.InvokeAsync<JsonElement>("Subscribe", communities[199].Id, false);
        var refused = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<JsonElement>("Subscribe", communities[200].Id, false));

        Assert.Contains("would follow 201 units", refused.Message);
        await connection.InvokeAsync("Unsubscribe", communities[0].Id);
        await connection.InvokeAsync<JsonElement>("Subscribe", communities[200].Id, false);
    }

    [Fact]
    public async Task A_subject_holds_at_most_two_hub_connections_and_another_subject_is_not_affected()
    {
        var token = host.Token(Roles.Display, "4403", "wall-crowd");
        await using var first = await ConnectAsync(token);
        await using var second = await ConnectAsync(token);

        var third = Connection(token);
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        third.Closed += e =>
        {
            closed.TrySetResult(e);
            return Task.CompletedTask;
        };
        Exception? refusal;
        try
        {
            await third.StartAsync();
            refusal = await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e)
        {
            refusal = e;
        }

        Assert.NotNull(refusal);
        Assert.Contains("already holds 2 open hub connections", refusal.Message);
        await third.DisposeAsync();

        await using var neighbour = await ConnectAsync(host.Token(Roles.Display, "4403", "wall-neighbour"));
        Assert.Equal(HubConnectionState.Connected, neighbour.State);

        // Closing one frees its place.
        await first.DisposeAsync();
        await using var fourth = await ConnectWhenFreeAsync(token);
        Assert.Equal(HubConnectionState.Connected, fourth.State);
    }

    [Fact]
    public async Task A_subject_holds_at_most_two_event_streams_then_gets_a_429_problem()
    {
        using var client = host.Client(host.Token(Roles.Partner, "4403", "partner-streams"));
        using var first = await OpenStreamAsync(client);
        using var second = await OpenStreamAsync(client);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);

        using var third = await OpenStreamAsync(client);
        var problem = await IngestTests.ProblemAsync(third, HttpStatusCode.TooManyRequests);
        Assert.Contains("already holds 2 open event streams", problem.GetProperty("detail").GetString());

        using var other = host.Client(host.Token(Roles.Partner, "4403", "partner-other"));
        using var theirs = await OpenStreamAsync(other);
        Assert.Equal(HttpStatusCode.OK, theirs.StatusCode);
    }

    [Fact]
    public async Task Reads_beyond_a_subjects_limit_are_429_with_Retry_After_while_another_subject_reads_on()
    {
        using var reader = host.Client(host.Token(Roles.Supervisor, "4403", "busy-reader"));
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 12; i++)
        {
            answers.Add(await reader.GetAsync("/api/units/440304"));
        }

        var limited = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.True(int.Parse(limited[0].Headers.RetryAfter!.ToString()) >= 1);
        await IngestTests.ProblemAsync(limited[0], HttpStatusCode.TooManyRequests);

        using var neighbour = host.Client(host.Token(Roles.Supervisor, "4403", "calm-reader"));
        using var theirs = await neighbour.GetAsync("/api/units/440304");
        Assert.Equal(HttpStatusCode.OK, theirs.StatusCode);
        answers.ForEach(a => a.Dispose());
    }

    [Fact]
    public async Task Ingest_beyond_the_bytes_in_flight_is_503_with_Retry_After_before_its_body_is_sent()
    {
        var token = host.Token(Roles.Screener, "4403", "bulk-sender");
        var body = Padded(OpenLimitsHostFixture.MaxBodyBytes);

        // A holds a whole body's worth: it declared 4096 bytes and sends them slowly.
        using var holder = await RawPostAsync(token, body.Length, chunked: false);
        await holder.SendAsync(body.AsMemory(0, 10));
        var budget = host.Services.GetRequiredService<Canvass.Gateway.Ingest.IngestBudget>();
        await Eventually.UntilAsync(() => budget.InFlight >= body.Length, "the first request to reserve its body",
            TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(10));

        // B declares as much again: past 6000 in flight, refused without sending a byte of its body.
        using (var refused = await RawPostAsync(token, body.Length, chunked: false))
        {
            var (status, headers, text) = await refused.ReadResponseAsync();
            Assert.Equal(503, status);
            Assert.Contains("Retry-After: 1", headers, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Ingest:MaxBytesInFlight", text);
        }

        // C has no Content-Length: counted by what it streams, and refused as soon as it would pass the bound.
        using (var chunked = await RawPostAsync(token, null, chunked: true))
        {
            await chunked.SendAsync(Encoding.ASCII.GetBytes($"{body.Length:x}\r\n"));
            await chunked.SendAsync(body.AsMemory(0, 100));
            var (status, _, _) = await chunked.ReadResponseAsync();
            Assert.Equal(503, status);
        }

        // A finishes and is answered; then B's batch goes through.
        await holder.SendAsync(body.AsMemory(10));
        var (held, _, heldText) = await holder.ReadResponseAsync();
        Assert.True(held == 200, heldText);
        using var screener = host.Client(token);
        using var resent = await screener.PostAsync("/api/reports", new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } });
        Assert.Equal(HttpStatusCode.OK, resent.StatusCode);
    }

    private HubConnection Connection(string token) => new HubConnectionBuilder()
        .WithUrl(new Uri(host.BaseAddress, "/hubs/monitor"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
        .Build();

    private async Task<HubConnection> ConnectAsync(string token)
    {
        var connection = Connection(token);
        await connection.StartAsync();
        return connection;
    }

    /// <summary>A connection once the server has let a closed one go (its close is processed after the client's).</summary>
    private async Task<HubConnection> ConnectWhenFreeAsync(string token)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var connection = Connection(token);
            var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            connection.Closed += _ =>
            {
                closed.TrySetResult();
                return Task.CompletedTask;
            };
            await connection.StartAsync();
            // A refused connection is closed right after its handshake; an accepted one answers a call.
            var call = connection.InvokeAsync<JsonElement>("Subscribe", "4403", false);
            if (await Task.WhenAny(call, closed.Task) == call && call.IsCompletedSuccessfully)
            {
                return connection;
            }

            await connection.DisposeAsync();
            Assert.True(DateTime.UtcNow < deadline, "the closed connection's place was not freed");
        }
    }

    private static async Task<HttpResponseMessage> OpenStreamAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/stream?units=440304");
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>A JSON array of one valid report, padded with spaces to exactly <paramref name="length"/> bytes.</summary>
    private byte[] Padded(int length)
    {
        var report = Reports.Json(Reports.Screened("inflight-" + Guid.NewGuid().ToString("N"), Registry.Sites[0].Id, 1, "normal"));
        return Encoding.UTF8.GetBytes(report.PadRight(length));
    }

    private async Task<RawPost> RawPostAsync(string token, int? contentLength, bool chunked)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(host.BaseAddress.Host, host.BaseAddress.Port);
        var head = new StringBuilder()
            .Append("POST /api/reports HTTP/1.1\r\n")
            .Append($"Host: {host.BaseAddress.Authority}\r\n")
            .Append($"Authorization: Bearer {token}\r\n")
            .Append("Content-Type: application/json\r\n")
            .Append(chunked ? "Transfer-Encoding: chunked\r\n" : $"Content-Length: {contentLength}\r\n")
            .Append("\r\n");
        var post = new RawPost(tcp);
        await post.SendAsync(Encoding.ASCII.GetBytes(head.ToString()));
        return post;
    }

    /// <summary>An HTTP/1.1 request written by hand, so that a test decides when (and whether) its body is sent.</summary>
    private sealed class RawPost(TcpClient tcp) : IDisposable
    {
        private readonly NetworkStream _stream = tcp.GetStream();

        public async Task SendAsync(ReadOnlyMemory<byte> bytes)
        {
            await _stream.WriteAsync(bytes);
            await _stream.FlushAsync();
        }

        /// <summary>The status, the header block and whatever of the body came with them.</summary>
        public async Task<(int Status, string Headers, string Body)> ReadResponseAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var received = new StringBuilder();
            var buffer = new byte[8192];
            while (true)
            {
                var read = await _stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    break;
                }

                received.Append(Encoding.UTF8.GetString(buffer, 0, read));
                if (Complete(received.ToString()))
                {
                    break;
                }
            }

            var all = received.ToString();
            var split = all.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            var headers = split < 0 ? all : all[..split];
            return (int.Parse(headers.Split(' ')[1]), headers, split < 0 ? "" : all[(split + 4)..]);
        }

        public void Dispose() => tcp.Dispose();

        private static bool Complete(string text)
        {
            var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (split < 0)
            {
                return false;
            }

            var headers = text[..split];
            var body = text[(split + 4)..];
            var length = headers.Split("\r\n").FirstOrDefault(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
            return length is not null
                ? Encoding.UTF8.GetByteCount(body) >= int.Parse(length["Content-Length:".Length..].Trim())
                : body.EndsWith("0\r\n\r\n", StringComparison.Ordinal);
        }
    }
}

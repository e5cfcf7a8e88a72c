using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Canvass.Gateway.Tests;

/// <summary>A partner reading <c>GET /api/stream</c>: every summary of every frame kept in <see cref="Copies"/>, each frame's id remembered.</summary>
public sealed class EventStreamClient : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpResponseMessage _response;
    private readonly Task _reading;
    private readonly TaskCompletionSource _comment = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _eventUnits = [];
    private readonly List<IReadOnlyList<string>> _frames = [];

    private EventStreamClient(HttpResponseMessage response, UnitCopies copies)
    {
        _response = response;
        Copies = copies;
        _reading = Task.Run(ReadAsync);
    }

    /// <summary>Where every event's summary goes: one client's copies, across the streams it opens.</summary>
    public UnitCopies Copies { get; }

    /// <summary>The id of the last event received: what the client hands back as Last-Event-ID.</summary>
    public string? LastEventId { get; private set; }

    /// <summary>The units of every frame received, frame by frame, in order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Frames
    {
        get
        {
            lock (_eventUnits)
            {
                return [.. _frames];
            }
        }
    }

    /// <summary>The unit of every summary received, in order, frames run together.</summary>
    public IReadOnlyList<string> EventUnits
    {
        get
        {
            lock (_eventUnits)
            {
                return [.. _eventUnits];
            }
        }
    }

    /// <summary>Completes on the first comment line (a heartbeat).</summary>
    public Task Comment => _comment.Task;

    public static async Task<EventStreamClient> OpenAsync(Uri address, UnitCopies copies, string token, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, address);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync();
            response.Dispose();
            throw new HttpRequestException($"{(int)response.StatusCode}: {body}");
        }

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new EventStreamClient(response, copies);
    }

    private async Task ReadAsync()
    {
        try
        {
            using var reader = new StreamReader(await _response.Content.ReadAsStreamAsync(_stop.Token), Encoding.UTF8);
            string? id = null, kind = null, data = null;
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data is not null)
                    {
                        Assert.Equal("units", kind);
                        var units = JsonDocument.Parse(data).RootElement.GetProperty("units").EnumerateArray().ToArray();
                        Assert.NotEmpty(units);
                        lock (_eventUnits)
                        {
                            _eventUnits.AddRange(units.Select(UnitCopies.Id));
                            _frames.Add([.. units.Select(UnitCopies.Id)]);
                        }

                        LastEventId = id ?? LastEventId;
                        foreach (var summary in units)
                        {
                            Copies.Keep(summary);
                        }
                    }

                    (id, kind, data) = (null, null, null);
                }
                else if (line.StartsWith(':'))
                {
                    _comment.TrySetResult();
                }
                else if (line.StartsWith("id: ", StringComparison.Ordinal))
                {
                    id = line[4..];
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    kind = line[7..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data = line[6..];
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException && _stop.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        await _reading;
        _stop.Dispose();
    }
}

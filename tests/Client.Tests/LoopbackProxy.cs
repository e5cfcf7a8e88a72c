using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Canvass.Client.Tests;

/// <summary>
/// A TCP forwarder between the client under test and the server, standing for the network: <see cref="Cut"/> resets
/// every connection through it and refuses new ones until <see cref="Restore"/>, as a dropped link does. The server
/// sees the connection go as it would on a real network; nothing in the client knows it is being tested.
/// </summary>
public sealed class LoopbackProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _upstream;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _open = [];
    private readonly Lock _lock = new();
    private readonly StringBuilder _requests = new();
    private readonly Task _accepting;
    private bool _down;

    public LoopbackProxy(Uri server)
    {
        _upstream = new IPEndPoint(IPAddress.Parse(server.Host), server.Port);
        _listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    /// <summary>Where the client under test connects.</summary>
    public Uri Address { get; }

    /// <summary>The first bytes of every connection that went through, as text: request lines and headers.</summary>
    public string Requests
    {
        get
        {
            lock (_lock)
            {
                return _requests.ToString();
            }
        }
    }

    /// <summary>Resets every open connection and refuses new ones.</summary>
    public void Cut()
    {
        Socket[] open;
        lock (_lock)
        {
            _down = true;
            open = [.. _open];
            _open.Clear();
        }

        foreach (var socket in open)
        {
            Reset(socket);
        }
    }

    public void Restore()
    {
        lock (_lock)
        {
            _down = false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Cut();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stop.Token);
            bool down;
            lock (_lock)
            {
                down = _down;
            }

            if (down)
            {
                Reset(client);
                continue;
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await server.ConnectAsync(_upstream, _stop.Token);
            lock (_lock)
            {
                if (_down)
                {
                    return;
                }

                _open.Add(client);
                _open.Add(server);
            }

            await Task.WhenAny(PumpAsync(client, server, record: true), PumpAsync(server, client, record: false));
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            lock (_lock)
            {
                _open.Remove(client);
                _open.Remove(server);
            }

            Reset(client);
            Reset(server);
        }
    }

    private async Task PumpAsync(Socket from, Socket to, bool record)
    {
        var buffer = new byte[16 * 1024];
        var first = record;
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                if (first)
                {
                    first = false;
                    lock (_lock)
                    {
                        _requests.Append(Encoding.ASCII.GetString(buffer, 0, Math.Min(read, 4096))).Append('\n');
                    }
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private static void Reset(Socket socket)
    {
        try
        {
            // Linger 0: close with a reset, as a dropped link looks to both ends, rather than a polite FIN.
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }
}

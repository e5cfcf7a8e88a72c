using System.Net;
using System.Net.Sockets;

namespace Canvass.Grains.Webhooks.Targets;

/// <summary>
/// The connect step of every webhook delivery (<see cref="SocketsHttpHandler.ConnectCallback"/>): resolves the host
/// itself, checks every address it resolves to, and connects to a checked address, never to the name again. So a
/// name that answers a public address at registration and a private one at delivery (DNS rebinding) is refused
/// when it matters, at the connection.
/// </summary>
public sealed class TargetConnector(TargetPolicy policy, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
{
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve = resolve ?? Dns.GetHostAddressesAsync;

    /// <summary>The addresses <paramref name="host"/> stands for, all allowed; throws <see cref="TargetRefusedException"/> when any is not.</summary>
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        // RFC 6761: localhost and its subdomains are this machine, whatever a resolver says (with or without the root's dot).
        var name = host.TrimEnd('.');
        if (name.Equals("localhost", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return Check(host, [IPAddress.Loopback, IPAddress.IPv6Loopback]);
        }

        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await _resolve(host, cancellationToken);
        return Check(host, addresses);
    }

    /// <summary>
    /// Null when a registration may name <paramref name="url"/>, else why not. A name that does not resolve now is
    /// accepted (its receiver may not be up yet); every delivery checks it again when it connects.
    /// </summary>
    public async Task<string?> RefusalAsync(Uri url, TimeSpan patience)
    {
        using var timeout = new CancellationTokenSource(patience);
        try
        {
            await ResolveAsync(url.IdnHost, timeout.Token);
            return null;
        }
        catch (TargetRefusedException e)
        {
            return e.Detail;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAsync(context.DnsEndPoint.Host, cancellationToken);
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    private IPAddress[] Check(string host, IPAddress[] addresses)
    {
        // One refused address refuses the name: a receiver that resolves to the inside as well is not a public one.
        foreach (var address in addresses)
        {
            if (policy.Refuses(address) is { } kind)
            {
                throw new TargetRefusedException(host, address.ToString(), kind);
            }
        }

        return addresses;
    }
}

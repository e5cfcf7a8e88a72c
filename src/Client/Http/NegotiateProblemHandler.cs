namespace Canvass.Client.Http;

/// <summary>
/// Turns an error answer to the hub's negotiate request (401 for a missing or expired token, 403 for a role that may
/// not subscribe) into the <see cref="CanvassApiException"/> a REST call would throw, with the problem's title and
/// detail. The SignalR client would otherwise report only the bare status, and the detail is what says what to do.
/// Other requests pass untouched: the SignalR client retries a 401 on its long-polling and SSE requests itself.
/// </summary>
internal sealed class NegotiateProblemHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (ProblemReader.IsSuccess(response.StatusCode) || request.RequestUri?.AbsolutePath.EndsWith("/negotiate", StringComparison.Ordinal) != true)
        {
            return response;
        }

        using (response)
        {
            throw await ProblemReader.ReadAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }
}

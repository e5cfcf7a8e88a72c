namespace Canvass.Gateway.Ingest;

/// <summary>A request body that cannot be read as reports; the message says where and what.</summary>
public sealed class ReportBodyException(string message, int statusCode = StatusCodes.Status400BadRequest) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}

namespace Canvass.Gateway.Ingest;

/// <summary>Why a request body cannot be read as a batch; <see cref="Detail"/> says where and what.</summary>
/// <param name="Status">The HTTP status it is answered with: 400 malformed, 413 too large, 415 not JSON or NDJSON, 503 the gateway's ingest bytes are all in use.</param>
/// <param name="Detail">For the sender: the line, byte and path that do not parse, or the limit exceeded and its setting.</param>
public sealed record BodyProblem(int Status, string Detail)
{
    /// <summary>What a request is told when the gateway holds as many ingest bytes as it may.</summary>
    public const string BusyDetail = "This gateway is reading as many report bytes as it may at once (Ingest:MaxBytesInFlight); resend the same batch after Retry-After seconds.";

    public static BodyProblem Malformed(string detail) => new(StatusCodes.Status400BadRequest, detail);

    public static BodyProblem TooLarge(string detail) => new(StatusCodes.Status413PayloadTooLarge, detail);

    public static BodyProblem UnsupportedType(string? contentType) => new(StatusCodes.Status415UnsupportedMediaType,
        $"Content-Type '{contentType}' is not accepted; send application/json (an array of reports), application/x-ndjson (one report per line) or text/csv (a header row, one report per row).");

    public static BodyProblem Busy { get; } = new(StatusCodes.Status503ServiceUnavailable, BusyDetail);
}

/// <summary>A batch read from a body: its items, or the problem to answer with instead.</summary>
/// <param name="Csv">For a CSV body: the row of each item and the rows that did not parse (see <see cref="CsvRows"/>).</param>
public readonly record struct BatchRead<T>(List<T>? Items, BodyProblem? Problem, CsvRows? Csv = null)
{
    public static implicit operator BatchRead<T>(BodyProblem problem) => new(null, problem);

    public static implicit operator BatchRead<T>(List<T> items) => new(items, null);
}

using Microsoft.AspNetCore.Http.HttpResults;

namespace Canvass.Gateway.Docs;

/// <summary>
/// The one way an endpoint declares what it takes and answers, for OpenAPI: the type (schema) and an example of each,
/// and every problem it can answer with, built by the same <c>Problems</c> call the handler uses. Text (summary,
/// description, parameters, what each status means) goes in the handler's XML comments.
/// </summary>
public static class ApiExampleExtensions
{
    /// <summary>Answers <paramref name="status"/> (200 by default) with a <typeparamref name="T"/> like <paramref name="example"/>.</summary>
    /// <remarks>
    /// An endpoint that answers one status with two shapes (a list, or one item when asked so) calls this once per
    /// shape with a <paramref name="name"/> each: the schema becomes either of them, with one named example each.
    /// </remarks>
    public static RouteHandlerBuilder ProducesExample<T>(this RouteHandlerBuilder endpoint, T example, int status = StatusCodes.Status200OK, string? name = null)
        where T : notnull =>
        endpoint.Produces<T>(status).WithMetadata(new ApiExample(status, example, typeof(T), name));

    /// <summary>
    /// The same in another media type: for <c>text/event-stream</c>, <paramref name="example"/> is one event's data
    /// and the documented example is that event as the stream writes it.
    /// </summary>
    public static RouteHandlerBuilder ProducesExample<T>(this RouteHandlerBuilder endpoint, T example, string contentType, int status = StatusCodes.Status200OK)
        where T : notnull =>
        endpoint.Produces<T>(status, contentType).WithMetadata(new ApiExample(status, example, typeof(T)));

    /// <summary>Reads a body of <typeparamref name="T"/> like <paramref name="example"/>, in one of <paramref name="contentTypes"/> (JSON by default).</summary>
    /// <remarks>
    /// Documentation only, unlike <c>Accepts&lt;T&gt;</c>, whose metadata makes routing answer 415 itself: the handlers
    /// read their bodies and answer a wrong content type with their own problem (or accept more types than listed).
    /// </remarks>
    public static RouteHandlerBuilder AcceptsExample<T>(this RouteHandlerBuilder endpoint, T example, params string[] contentTypes)
        where T : notnull =>
        endpoint.WithMetadata(new ApiExample(null, example, typeof(T)) { ContentTypes = contentTypes is [] ? ["application/json"] : contentTypes });

    /// <summary>
    /// Can answer with this problem (a <c>Problems</c> result): its status is documented as problem+json, with it as an
    /// example. Call once per distinct problem; several of one status are listed as named examples.
    /// </summary>
    public static RouteHandlerBuilder ProducesProblemExample(this RouteHandlerBuilder endpoint, IResult problem)
    {
        var details = problem is ProblemHttpResult result
            ? result.ProblemDetails
            : throw new ArgumentException($"Expected a problem result (Results.Problem), not {problem.GetType().Name}.", nameof(problem));
        var status = details.Status ?? StatusCodes.Status500InternalServerError;
        return endpoint.ProducesProblem(status).WithMetadata(new ApiExample(status, details, details.GetType()));
    }
}

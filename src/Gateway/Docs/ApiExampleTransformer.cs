using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Canvass.Gateway.Docs;

/// <summary>Puts each endpoint's <see cref="ApiExample"/>s on its request body and responses.</summary>
internal sealed class ApiExampleTransformer(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IOpenApiOperationTransformer
{
    private readonly JsonSerializerOptions _options = json.Value.SerializerOptions;

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        // An XML comment's example="440304" parses as a number; a path or query value is a string all the same.
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.Example is JsonValue value && value.GetValueKind() is not JsonValueKind.String && parameter.Schema?.Type?.HasFlag(JsonSchemaType.String) == true)
            {
                parameter.Example = JsonValue.Create(value.ToJsonString());
            }
        }

        var examples = context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiExample>().ToList();
        if (examples.SingleOrDefault(e => e.Status is null) is { } body)
        {
            var content = new Dictionary<string, OpenApiMediaType>();
            foreach (var type in body.ContentTypes)
            {
                if (type == "text/csv" && body.Value is System.Collections.IEnumerable rows)
                {
                    // A header row and one row per item: the schema says only that it is text; the description the columns.
                    content[type] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String }, Example = JsonValue.Create(CsvExample.Write(rows, _options)) };
                    continue;
                }

                content[type] = type.Contains("ndjson", StringComparison.Ordinal) && body.Value is System.Collections.IEnumerable items
                    ? new OpenApiMediaType
                    {
                        // One item per line: the schema is an item's, the example the lines.
                        Schema = await context.GetOrCreateSchemaAsync(body.Type.GetGenericArguments()[0], cancellationToken: cancellationToken),
                        Example = JsonValue.Create(string.Join('\n', items.Cast<object>().Select(item => JsonSerializer.Serialize(item, _options)))),
                    }
                    : new OpenApiMediaType { Schema = await context.GetOrCreateSchemaAsync(body.Type, cancellationToken: cancellationToken), Example = Serialize(body) };
            }

            operation.RequestBody = new OpenApiRequestBody { Required = true, Content = content };
        }

        foreach (var byStatus in examples.Where(e => e.Status is not null).GroupBy(e => e.Status!.Value))
        {
            if (operation.Responses?.TryGetValue(byStatus.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response) != true)
            {
                continue;
            }

            var types = byStatus.Select(e => e.Type).Distinct().ToList();
            foreach (var (mediaType, media) in response!.Content ?? new Dictionary<string, OpenApiMediaType>())
            {
                if (mediaType == "text/event-stream")
                {
                    // One event as the stream writes it; its data is the documented schema.
                    var data = JsonSerializer.Serialize(byStatus.First().Value, byStatus.First().Type, _options);
                    media.Example = JsonValue.Create($"id: eyI0NDAzMDQiOjEyMzR9\nevent: units\ndata: {data}\n\n");
                    continue;
                }

                if (types.Count > 1)
                {
                    // One status, several shapes: either of them.
                    var schemas = new List<IOpenApiSchema>();
                    foreach (var type in types)
                    {
                        schemas.Add(await context.GetOrCreateSchemaAsync(type, cancellationToken: cancellationToken));
                    }

                    media.Schema = new OpenApiSchema { OneOf = schemas };
                }

                if (byStatus.Count() == 1)
                {
                    media.Example = Serialize(byStatus.First());
                    continue;
                }

                // Several examples of one status: named by the caller, or after a problem's title.
                media.Examples = new Dictionary<string, IOpenApiExample>();
                foreach (var (example, index) in byStatus.Select((e, i) => (e, i)))
                {
                    var problem = example.Value as ProblemDetails;
                    var title = example.Name ?? problem?.Title ?? $"example {index + 1}";
                    var name = media.Examples.ContainsKey(title) ? $"{title} ({index + 1})" : title;
                    media.Examples[name] = new OpenApiExample { Summary = problem?.Detail ?? example.Name, Value = Serialize(example) };
                }
            }
        }
    }

    private JsonNode? Serialize(ApiExample example)
    {
        var node = JsonSerializer.SerializeToNode(example.Value, example.Type, _options);
        if (example.Value is ProblemDetails && node is JsonObject problem)
        {
            // Added to every problem when it is written (AddProblemDetails): the request's W3C trace id.
            problem["traceId"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00";
        }

        return node;
    }
}

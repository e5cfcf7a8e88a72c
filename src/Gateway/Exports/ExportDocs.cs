using System.Globalization;
using System.Text.Json.Nodes;
using Canvass.Gateway.Apis;
using Canvass.Gateway.Docs;
using Microsoft.OpenApi;

namespace Canvass.Gateway.Exports;

/// <summary>The OpenAPI text of the export routes: their query, a sample of the file, what each status means.</summary>
internal static class ExportDocs
{
    private static readonly Dictionary<string, (string Description, string Example)> Parameters = new()
    {
        ["id"] = ("The unit's id (for households, a site's id).", ApiExamples.CommunityId),
        ["lang"] = ("`en` (default) or `zh`: the language of the column headers.", "zh"),
        ["limit"] = ("As on `/alerts`: how many alerts, 1 to 1000; 100 when absent.", "100"),
        ["escalated"] = ("As on `/alerts`: `true` keeps only the alerts escalated to this unit or above.", "true"),
        ["from"] = ("As on `/history`: start of the range, ISO 8601 with an offset.", "2020-02-03T08:00:00+08:00"),
        ["to"] = ("As on `/history`: end of the range; now when absent.", "2020-02-03T12:00:00+08:00"),
        ["at"] = ("As on `/history`: one instant instead of a range (one row).", "2020-02-03T08:00:00+08:00"),
        ["asReceived"] = ("As on `/history`: `true` for the curve as it was seen live instead of by screening time.", "false"),
    };

    private static readonly Dictionary<string, string> Statuses = new()
    {
        ["400"] = "A query the JSON route refuses, or `lang` not `en` or `zh`; for households, a unit that is not a site.",
        ["404"] = "The id is not in the registry, or not in the token's unit.",
        ["503"] = "The unit is still being rebuilt after a restart: ask again after `Retry-After` seconds.",
    };

    public static RouteHandlerBuilder Documented(this RouteHandlerBuilder route, ExportFormat format, string sample) =>
        route.Produces(StatusCodes.Status200OK, contentType: ContentType(format))
            .ProducesProblemExample(Problems.BadQuery("lang 'fr' must be en or zh."))
            .ProducesProblemExample(Problems.UnknownUnit(ApiExamples.UnknownUnitId))
            .ProducesProblemExample(Problems.Loading(ApiExamples.CommunityId))
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
                {
                    if (parameter.Name is { } name && Parameters.TryGetValue(name, out var doc))
                    {
                        parameter.Description = doc.Description;
                        parameter.Example = JsonValue.Create(doc.Example);
                    }
                }

                if (operation.Responses is { } responses)
                {
                    responses["200"] = new OpenApiResponse
                    {
                        Description = format == ExportFormat.Csv
                            ? "The rows as CSV (UTF-8 with a byte order mark), a header row first; a download (Content-Disposition attachment)."
                            : "The rows as an XLSX workbook of one sheet, `Canvass`, a header row first; a download (Content-Disposition attachment).",
                        Content = new Dictionary<string, OpenApiMediaType>
                        {
                            [ContentType(format)] = new()
                            {
                                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = format == ExportFormat.Xlsx ? "binary" : null },
                                Example = JsonValue.Create(format == ExportFormat.Csv ? sample : "(a workbook: the CSV's columns and rows in one sheet)"),
                            },
                        },
                    };
                    foreach (var (status, text) in Statuses)
                    {
                        if (responses.TryGetValue(status, out var response) && response is OpenApiResponse concrete)
                        {
                            concrete.Description = text;
                        }
                    }
                }

                return Task.CompletedTask;
            });

    private static string ContentType(ExportFormat format) =>
        format == ExportFormat.Csv ? "text/csv" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The head of a sample file: its header and one row, in English.</summary>
    public static string Sample(params string[] lines) => string.Join("\r\n", lines) + "\r\n";

    public static string Row(params object?[] cells) => string.Join(',', cells.Select(c => Convert.ToString(c, CultureInfo.InvariantCulture)));
}

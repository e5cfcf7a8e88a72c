using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Canvass.Gateway.Docs;

/// <summary>Makes schemas say what the wire carries, where the generated ones say more or less.</summary>
internal sealed class WireSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        // The web defaults let the API *read* numbers from strings; it never writes one, and clients should not send one.
        if (schema.Type is { } type && type.HasFlag(JsonSchemaType.String) && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        // Enums are strings (JsonStringEnumConverter) named by their JsonStringEnumMemberName; null is the member's business.
        var enumType = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (enumType.IsEnum)
        {
            schema.Type = JsonSchemaType.String;
            schema.Enum = Values(enumType);
        }

        // A member the writer leaves out when null (JsonIgnore WhenWritingNull) is not required, even when it is a
        // constructor parameter without a default (such as CareHistoryEntry.Reason), which the generator marks required.
        if (context.JsonTypeInfo.Kind == System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object && schema.Required is { Count: > 0 } required)
        {
            foreach (var property in context.JsonTypeInfo.Properties)
            {
                if (property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: false) is [JsonIgnoreAttribute { Condition: JsonIgnoreCondition.WhenWritingNull }, ..])
                {
                    required.Remove(property.Name);
                }
            }
        }

        // String members that take an enum's names (so that a wrong value rejects one item, not the whole body).
        if (context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(WireEnumAttribute), inherit: false) is [WireEnumAttribute wire, ..])
        {
            schema.Enum = Values(wire.EnumType);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The names an enum's members have on the wire (their <see cref="JsonStringEnumMemberNameAttribute"/>), but for
    /// <c>Unknown</c>: a contract enum has it for readers of a newer server's names, and the server never sends it.
    /// </summary>
    public static IEnumerable<string> WireNames(Type enumType) =>
        enumType.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.Name != "Unknown")
            .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name);

    private static List<JsonNode> Values(Type enumType) => [.. WireNames(enumType).Select(name => (JsonNode)JsonValue.Create(name))];
}

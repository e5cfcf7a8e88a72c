using System.Text.Json;

namespace Canvass.Gateway.Tests;

/// <summary>
/// Checks a JSON value against a schema of the OpenAPI document, as far as the wire needs: types, enums, required
/// and undeclared members, arrays, <c>$ref</c> and <c>oneOf</c>. Returns what does not match, empty when it does.
/// </summary>
public sealed class JsonSchemaCheck(JsonElement document)
{
    public List<string> Check(JsonElement value, JsonElement schema, string path = "$")
    {
        var errors = new List<string>();
        Visit(value, Resolve(schema), path, errors);
        return errors;
    }

    /// <summary>The schema a <c>$ref</c> points to (the schema itself when it is none).</summary>
    public JsonElement Resolve(JsonElement schema)
    {
        while (schema.TryGetProperty("$ref", out var reference))
        {
            var target = document;
            foreach (var segment in reference.GetString()!.TrimStart('#', '/').Split('/'))
            {
                target = target.GetProperty(segment);
            }

            schema = target;
        }

        return schema;
    }

    private void Visit(JsonElement value, JsonElement schema, string path, List<string> errors)
    {
        if (schema.TryGetProperty("oneOf", out var choices))
        {
            var matches = choices.EnumerateArray().Count(choice => Check(value, choice, path).Count == 0);
            if (matches == 0)
            {
                errors.Add($"{path}: matches none of oneOf");
            }

            return;
        }

        if (schema.TryGetProperty("type", out var type) && !TypeMatches(value, type))
        {
            errors.Add($"{path}: {value.ValueKind} is not {type}");
            return;
        }

        if (schema.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => a.ValueKind == value.ValueKind && a.ToString() == value.ToString()))
        {
            errors.Add($"{path}: {value} is not one of {allowed}");
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            var properties = schema.TryGetProperty("properties", out var p) ? p : default;
            foreach (var member in value.EnumerateObject())
            {
                if (properties.ValueKind != JsonValueKind.Object || !properties.TryGetProperty(member.Name, out var memberSchema))
                {
                    errors.Add($"{path}.{member.Name}: not in the schema");
                    continue;
                }

                Visit(member.Value, Resolve(memberSchema), $"{path}.{member.Name}", errors);
            }

            foreach (var required in schema.TryGetProperty("required", out var r) ? r.EnumerateArray() : default)
            {
                if (!value.TryGetProperty(required.GetString()!, out _))
                {
                    errors.Add($"{path}.{required}: required but missing");
                }
            }
        }

        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                Visit(item, Resolve(items), $"{path}[{index++}]", errors);
            }
        }
    }

    private static bool TypeMatches(JsonElement value, JsonElement type)
    {
        var names = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToArray() : [type.GetString()!];
        return names.Any(name => name switch
        {
            "null" => value.ValueKind == JsonValueKind.Null,
            "string" => value.ValueKind == JsonValueKind.String,
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "object" => value.ValueKind == JsonValueKind.Object,
            "array" => value.ValueKind == JsonValueKind.Array,
            "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
            "number" => value.ValueKind == JsonValueKind.Number,
            _ => false,
        });
    }
}

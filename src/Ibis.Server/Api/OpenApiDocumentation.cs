using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Ibis.Server.Api;

/// <summary>A query parameter an endpoint reads itself (not a handler argument), for the OpenAPI document.</summary>
internal sealed record QueryParameterMetadata(string Name, string Description, JsonSchemaType Type = JsonSchemaType.String, bool Required = false,
    IReadOnlyList<string>? Enum = null, string? Format = null);

/// <summary>Marks an endpoint that takes an Idempotency-Key (UseCases.IdempotentEndpoints), for the OpenAPI document.</summary>
public sealed record IdempotentMetadata;

/// <summary>The content types a route answers with besides JSON (images, PDF, CSV), for the OpenAPI document.</summary>
internal sealed record FileResponseMetadata(string Description, params string[] ContentTypes);

/// <summary>
/// The OpenAPI document at /openapi/v1.json, made to tell the truth about the API (issue 19): nullable
/// means optional, enums for the rule's closed lists, the bearer scheme and which operations need it,
/// every request body and parameter (the paging ones included), image and statement routes with their
/// content types, and one problem schema for every error. Each part is a transformer of
/// Microsoft.AspNetCore.OpenApi, so the document stays generated from the endpoints themselves.
/// </summary>
public static class OpenApiDocumentation
{
    public const string BearerScheme = "bearer";
    public const string ProblemSchema = "Problem";

    /// <summary>Documents the query parameters an endpoint reads from the request itself.</summary>
    public static TBuilder WithQuery<TBuilder>(this TBuilder builder, string name, string description, JsonSchemaType type = JsonSchemaType.String,
        bool required = false, IReadOnlyList<string>? enumeration = null, string? format = null) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new QueryParameterMetadata(name, description, type, required, enumeration, format));

    /// <summary>Documents a route that answers with a file (image, PDF, CSV, PEM) as well as, or instead of, JSON.</summary>
    public static TBuilder ProducesFile<TBuilder>(this TBuilder builder, string description, params string[] contentTypes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new FileResponseMetadata(description, contentTypes));

    /// <param name="enumeration">The closed list a field takes its values from (by its name and record), or null.</param>
    public static void AddIbisOpenApi(this IServiceCollection services, Func<JsonPropertyInfo, IReadOnlyList<string>?> enumeration)
    {
        var duplicates = DuplicateTypeNames();
        services.AddOpenApi("v1", o =>
        {
            // Two request records of one name in different modules (privacy's and verification's
            // VerificationRequest) must not share one schema: the module's name tells them apart.
            o.CreateSchemaReferenceId = info => OpenApiOptions.CreateDefaultSchemaReferenceId(info) is { } id && duplicates.Contains(info.Type.Name)
                ? ModuleOf(info.Type) + id
                : OpenApiOptions.CreateDefaultSchemaReferenceId(info);
            o.AddDocumentTransformer((document, _, _) => { Document(document); return Task.CompletedTask; });
            o.AddSchemaTransformer((schema, context, _) => { Schema(schema, context, enumeration); return Task.CompletedTask; });
            o.AddOperationTransformer((operation, context, _) => { Operation(operation, context); return Task.CompletedTask; });
        });
    }

    private static void Document(OpenApiDocument document)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Ibis API",
            Version = "v1",
            Description = "The Information-Based Indicia System: licensing, postal security devices, resets, indicia, funds, refunds, verification " +
                          "and oversight (DMM P050, 39 CFR 502). Authenticate with `Authorization: Bearer ibis_test_…` (sandbox) or `ibis_live_…`. " +
                          "Lists page by cursor: `limit` (1–100, default 20), `starting_after` / `ending_before` (an object id), `created[gte]` / `created[lt]`; " +
                          "`has_more` tells whether another page follows. Every error is `application/problem+json` with a stable `code`, the offending " +
                          "`param` and every problem of the request in `errors`. POSTs that create or move something take an `Idempotency-Key`. " +
                          "Instants are UTC (`Z`).",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "API key",
            Description = "An API key: ibis_test_… reaches the sandbox only, ibis_live_… live records. The portal's session cookie is accepted too.",
        };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ProblemSchema] = Problem();
    }

    /// <summary>RFC 9457 problem details as every error of the API is written (<see cref="ProblemWriter"/>).</summary>
    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "An error (RFC 9457). `code` is stable; `param` names the offending field or parameter; `errors` lists every problem of the request.",
        Required = new HashSet<string> { "type", "title", "status", "code", "detail" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "https://ibis.dev/errors/{code}" },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
            ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Stable, lower_snake_case: what went wrong (insufficient_postage, limit_invalid …)." },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "In plain words; never a .NET type name or a stack trace." },
            ["param"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request field or parameter of the (first) problem, e.g. weight_oz or pieces[3].postage." },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Items = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string> { "code", "message" },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["code"] = new OpenApiSchema { Type = JsonSchemaType.String },
                        ["message"] = new OpenApiSchema { Type = JsonSchemaType.String },
                        ["param"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                    },
                },
            },
            ["trace_id"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Quote it when reporting a problem." },
        },
    };

    private static void Schema(OpenApiSchema schema, OpenApiSchemaTransformerContext context, Func<JsonPropertyInfo, IReadOnlyList<string>?> enumeration)
    {
        var info = context.JsonTypeInfo;
        if (info.Kind == JsonTypeInfoKind.Object && schema.Properties is { Count: > 0 })
        {
            // Nullable means optional: a property that may be null may also be left out (the API reads a
            // missing member as null); one that can never be null is always sent or always required.
            schema.Required ??= new HashSet<string>();
            foreach (var property in info.Properties)
            {
                if (!schema.Properties.ContainsKey(property.Name)) continue;
                var marked = property.AttributeProvider?.IsDefined(typeof(System.ComponentModel.DataAnnotations.RequiredAttribute), inherit: true) == true;
                if (IsNullable(property) && !marked) schema.Required.Remove(property.Name);
                else schema.Required.Add(property.Name);
            }
        }
        // The rule's closed lists, by the field's name (and, where one name means two lists, its record).
        if (context.JsonPropertyInfo is { } p && enumeration(p) is { } values)
        {
            schema.Enum = values.Select(v => (JsonNode)JsonValue.Create(v)!).ToList();
            if (IsNullable(p)) schema.Enum.Add(null!);
        }
    }

    private static bool IsNullable(JsonPropertyInfo p) =>
        Nullable.GetUnderlyingType(p.PropertyType) is not null || (!p.PropertyType.IsValueType && (p.IsSetNullable || p.IsGetNullable));

    private static void Operation(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        operation.Parameters ??= [];
        var names = operation.Parameters.Select(p => p.Name).ToHashSet();
        if (metadata.OfType<PagedListMetadata>().FirstOrDefault() is { } paged)
        {
            Add(operation, names, "limit", "How many objects a page holds: 1 to 100 (default 20).", new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1", Maximum = "100", Default = 20 });
            Add(operation, names, "starting_after", "An object id: the page starts after it (the last id of the previous page).", new OpenApiSchema { Type = JsonSchemaType.String });
            Add(operation, names, "ending_before", "An object id: the page ends before it (the first id of the next page), to page backwards.", new OpenApiSchema { Type = JsonSchemaType.String });
            if (paged.HasCreated)
            {
                Add(operation, names, "created[gte]", "Only objects created at or after this instant (ISO 8601, e.g. 2026-12-01T00:00:00Z).", new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" });
                Add(operation, names, "created[lt]", "Only objects created before this instant (ISO 8601).", new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" });
            }
        }
        foreach (var q in metadata.OfType<QueryParameterMetadata>())
        {
            var schema = new OpenApiSchema { Type = q.Type, Format = q.Format };
            if (q.Enum is { } values) schema.Enum = values.Select(v => (JsonNode)JsonValue.Create(v)!).ToList();
            Add(operation, names, q.Name, q.Description, schema, q.Required);
        }
        // Idempotency-Key on the POSTs that create or move something.
        if (metadata.OfType<IdempotentMetadata>().Any() || operation.Summary?.Contains("Idempotency-Key", StringComparison.Ordinal) == true)
            if (names.Add("Idempotency-Key"))
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = "Idempotency-Key", In = ParameterLocation.Header, Required = false,
                    Description = "1–255 characters (a UUID): a retry with the same key and body gets the first answer again (Idempotency-Replay: true); the key with another body is a 409.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 255 },
                });
        // A query parameter that may be null is optional.
        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>())
            if (parameter.In == ParameterLocation.Query && parameter.Schema is OpenApiSchema { Type: { } t } && t.HasFlag(JsonSchemaType.Null))
                parameter.Required = false;

        // Security: the bearer key unless the endpoint is public.
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        operation.Security = anonymous
            ? []
            : [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }];

        operation.Responses ??= new OpenApiResponses();
        foreach (var file in metadata.OfType<FileResponseMetadata>())
        {
            if (!operation.Responses.TryGetValue("200", out var ok) || ok is not OpenApiResponse response)
                operation.Responses["200"] = response = new OpenApiResponse { Description = file.Description };
            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            foreach (var type in file.ContentTypes)
                response.Content[type] = new OpenApiMediaType
                {
                    Schema = type.StartsWith("text/", StringComparison.Ordinal) || type.Contains("json", StringComparison.Ordinal) || type.EndsWith("pem-file", StringComparison.Ordinal)
                        ? new OpenApiSchema { Type = JsonSchemaType.String }
                        : new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                };
            if (response.Description is null or "OK") response.Description = file.Description;
        }

        // Every error is the problem schema; every operation can answer one.
        var problem = new OpenApiSchemaReference(ProblemSchema, context.Document);
        if (!anonymous) operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No or a bad API key." });
        if (operation.Parameters.Count > 0 || operation.RequestBody is not null) operation.Responses.TryAdd("400", new OpenApiResponse { Description = "Bad input." });
        operation.Responses.TryAdd("default", new OpenApiResponse { Description = "An error." });
        foreach (var (status, value) in operation.Responses)
        {
            if (value is not OpenApiResponse response || !(status == "default" || status.StartsWith('4') || status.StartsWith('5'))) continue;
            response.Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new OpenApiMediaType { Schema = problem } };
            if (string.IsNullOrEmpty(response.Description)) response.Description = "An error.";
        }
    }

    private static void Add(OpenApiOperation operation, HashSet<string?> names, string name, string description, OpenApiSchema schema, bool required = false)
    {
        if (!names.Add(name)) return;
        operation.Parameters!.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Query, Description = description, Required = required, Schema = schema });
    }

    // Every named type of the server, internal ones too: a body's schema name must not change when a type of the same
    // name in another module stops being public. Private nested and compiler-made types are never bodies.
    private static HashSet<string> DuplicateTypeNames() =>
        typeof(OpenApiDocumentation).Assembly.GetTypes()
            .Where(t => !t.IsNestedPrivate && !t.Name.Contains('<', StringComparison.Ordinal) && !t.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), false))
            .GroupBy(t => t.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();

    private static string ModuleOf(Type type) => (type.Namespace ?? "").Split('.').Last();
}

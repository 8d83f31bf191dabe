using Ibis.Server.Api;
using Ibis.Server.Auth;

namespace Ibis.Server.Webhooks;

/// <summary>Routes of the webhook endpoints and their delivery logs (docs/webhooks.md).</summary>
public static class WebhooksApi
{
    public static void MapWebhooks(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/webhook_endpoints").WithTags("Webhooks");
        group.MapPost("", async (HttpContext http, CreateWebhookEndpoint m, CancellationToken ct) =>
            {
                var created = await m.Handle(Caller.From(http.User), await JsonBody.Read<CreateWebhookEndpointCommand>(http.Request, ct), ct);
                return Results.Created($"/v1/webhook_endpoints/{created.Id}", created);
            })
            .WithName("CreateWebhookEndpoint")
            .WithSummary("Licensee or provider: subscribe an https URL to events; deliveries are signed with the endpoint's ECDSA P-256 key (public key in the answer).")
            .Accepts<CreateWebhookEndpointCommand>("application/json").Produces<WebhookEndpointView>(201).ProducesProblem(400).ProducesProblem(403).ProducesProblem(409);
        group.MapGet("", async (HttpContext http, ListWebhookEndpoints m, CancellationToken ct) =>
                Results.Ok(Lists.Page(await m.Handle(Caller.From(http.User), ct), PageQuery.Read(http.Request), e => e.Id, e => e.CreatedAt)))
            .WithName("ListWebhookEndpoints").WithSummary("Your organisation's webhook endpoints (at most 10), newest first.")
            .Paged<WebhookEndpointView>().ProducesProblem(403);
        group.MapGet("/{id}", async (string id, HttpContext http, ListWebhookEndpoints m, CancellationToken ct) =>
                Results.Ok(await m.Get(Caller.From(http.User), id, ct)))
            .WithName("GetWebhookEndpoint").Produces<WebhookEndpointView>().ProducesProblem(404);
        group.MapDelete("/{id}", async (string id, HttpContext http, DeleteWebhookEndpoint m, CancellationToken ct) =>
                Results.Ok(await m.Handle(Caller.From(http.User), id, ct)))
            .WithName("DeleteWebhookEndpoint").WithSummary("Stops deliveries to the endpoint at once; its delivery log stays readable.")
            .Produces<WebhookEndpointView>().ProducesProblem(404);
        group.MapGet("/{id}/deliveries", async (string id, HttpContext http, ListWebhookDeliveries list, CancellationToken ct) =>
                Results.Ok(await list.Handle(Caller.From(http.User), id, PageQuery.Read(http.Request), ct)))
            .WithName("ListWebhookDeliveries").WithSummary("The endpoint's delivery log, newest first, with every attempt's answer.")
            .Paged<WebhookDeliveryView>().ProducesProblem(404);
    }
}

/// <summary>The module's services: use cases, the dispatcher and its HTTP client (no redirects: a receiver answers itself).</summary>
public static class WebhooksModule
{
    public static void AddWebhooks(IServiceCollection services, IConfiguration config)
    {
        var options = WebhookOptions.FromConfiguration(config);
        services.AddSingleton(options);
        services.AddScoped<CreateWebhookEndpoint>();
        services.AddScoped<ListWebhookEndpoints>();
        services.AddScoped<DeleteWebhookEndpoint>();
        services.AddScoped<ListWebhookDeliveries>();
        services.AddHttpClient(WebhookDispatcher.HttpClientName, c => c.DefaultRequestHeaders.UserAgent.ParseAdd("Ibis-Webhooks/1"))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, ConnectTimeout = options.Timeout });
        services.AddHostedService<WebhookDispatcher>();
    }
}

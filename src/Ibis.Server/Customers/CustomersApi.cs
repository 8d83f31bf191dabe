using Ibis.Server.Api;
using Ibis.Server.UseCases;
using Ibis.Server.Auth;

namespace Ibis.Server.Customers;

/// <summary>Customer records of notice 820.100 over HTTP; every endpoint is tagged "Customers" for the authorization matrix test.</summary>
public static class CustomersApi
{
    public const string Tag = "Customers";

    public static void MapCustomers(this RouteGroupBuilder v1)
    {
        var g = v1.MapGroup("/customers").WithTags(Tag);
        g.MapPost("", Create).WithName("CreateCustomerRecord").Idempotent()
            .WithSummary("Create the customer record (six categories of notice 820.100); sensitive fields encrypted under the record's own key.")
            .Accepts<CustomerRecordRequest>("application/json").Produces<CustomerRecordView>(201);
        g.MapGet("", Search).WithName("FindCustomerRecords")
            .WithQuery("name", "The customer's name.").WithQuery("customer_id", "The customer ID.").WithQuery("logon_id", "The logon ID.").WithSummary("Retrieve by name, customer_id or logon_id (notice 820.100 Retrievability), newest first; every record on the page is logged as read.").Paged<CustomerRecordView>();
        g.MapGet("/{recordId}", Get).WithName("GetCustomerRecord").WithSummary("One customer record, sensitive fields masked; the read is logged with its purpose (Ibis-Purpose header).");
        g.MapPatch("/{recordId}", Amend).WithName("AmendCustomerRecord").Accepts<CustomerAmendRequest>("application/json");
        g.MapPost("/{recordId}/relationship-end", End).WithName("EndCustomerRelationship");
        g.MapGet("/{recordId}/access-log", Log).WithName("GetCustomerAccessLog").WithSummary("Who read or changed the record, when and why — never the values; oldest first.").Paged<AccessLogView>();
    }

    private static async Task<IResult> Create(HttpContext http, CustomerRecords records, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var body = await JsonBody.Read<CustomerRecordRequest>(http.Request, ct);
        var view = await records.Create(caller, body, CustomerAccess.Purpose(http, caller), ct);
        return Results.Created($"/v1/customers/{view.Id}", view);
    }

    private static async Task<IResult> Search(HttpContext http, CustomerRecords records, string? name, string? customerId, string? logonId, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var purpose = CustomerAccess.Purpose(http, caller);
        return Results.Ok(await records.Search(caller, name, http.Request.Query["customer_id"].FirstOrDefault() ?? customerId,
            http.Request.Query["logon_id"].FirstOrDefault() ?? logonId, purpose, PageQuery.Read(http.Request), ct));
    }

    private static async Task<IResult> Get(string recordId, HttpContext http, CustomerRecords records, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        return Results.Ok(await records.Get(caller, recordId, CustomerAccess.Purpose(http, caller), ct));
    }

    private static async Task<IResult> Amend(string recordId, HttpContext http, CustomerRecords records, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var purpose = CustomerAccess.Purpose(http, caller);
        var body = await JsonBody.Read<CustomerAmendRequest>(http.Request, ct);
        return Results.Ok(await records.Amend(caller, recordId, body.Changes ?? [], body.Reason?.Trim() ?? "", purpose, ct));
    }

    private static async Task<IResult> End(string recordId, HttpContext http, CustomerRecords records, CancellationToken ct) =>
        Results.Ok(await records.EndRelationship(Caller.From(http.User), recordId, ct));

    private static async Task<IResult> Log(string recordId, HttpContext http, CustomerRecords records, CancellationToken ct) =>
        Results.Ok(await records.AccessLog(Caller.From(http.User), recordId, PageQuery.Read(http.Request), ct));
}

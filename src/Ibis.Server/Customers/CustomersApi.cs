using Ibis.Server.Api;
using Ibis.Server.UseCases;
using Ibis.Server.Auth;

namespace Ibis.Server.Customers;

/// <summary>The keys of a retrieval (notice 820.100 Retrievability): any of them, in a POST body.</summary>
public sealed record CustomerSearchRequest(string? Name, string? CustomerId, string? LogonId);

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
        // The search keys travel in the body, never in the URL: a name or customer ID in a query string
        // ends up in proxy and access logs and in browser history. GET /v1/customers is not mapped (405).
        g.MapPost("/search", Search).WithName("FindCustomerRecords")
            .Accepts<CustomerSearchRequest>("application/json")
            .WithSummary("Retrieve by name, customer_id or logon_id given in the body (notice 820.100 Retrievability), newest first; paging parameters stay in the query. Every record on the page is logged as read.").Paged<CustomerRecordView>();
        g.MapGet("/{recordId}", Get).WithName("GetCustomerRecord").WithSummary("One customer record, sensitive fields masked; the read is logged with its purpose (Ibis-Purpose header).");
        g.MapPatch("/{recordId}", Amend).WithName("AmendCustomerRecord").Accepts<CustomerAmendRequest>("application/json");
        g.MapPost("/{recordId}/relationship-end", End).WithName("EndCustomerRelationship");
        g.MapGet("/{recordId}/access-log", Log).WithName("GetCustomerAccessLog").WithSummary("Who read or changed the record, when and why — never the values; oldest first.").Paged<AccessLogView>();
    }

    /// <summary>
    /// Notice 820.100 Safeguards ("access is limited to individuals whose official duties require such access"): a role
    /// whose duty sees no customer record is refused before its purpose or its body is read, so that what it is told is
    /// the refusal, never a validation of input it may not send.
    /// </summary>
    private static Caller Reader(HttpContext http)
    {
        var caller = Caller.From(http.User);
        UseCases.Access.For([.. Caller.Roles.Where(r => CustomerAccess.MaySeeAny(caller with { Role = r }))]).Authorize(caller);
        return caller;
    }

    private static async Task<IResult> Create(HttpContext http, CreateCustomerRecord create, CancellationToken ct)
    {
        // The customer (its own record) or its provider collects the record (notice 820.100 "Record source categories").
        var caller = Caller.From(http.User);
        CreateCustomerRecord.Access.Authorize(caller);
        var body = await JsonBody.Read<CustomerRecordRequest>(http.Request, ct);
        var view = await create.Handle(caller, body, CustomerAccess.Purpose(http, caller), ct);
        return Results.Created($"/v1/customers/{view.Id}", view);
    }

    private static async Task<IResult> Search(HttpContext http, CustomerRecordReads records, CancellationToken ct)
    {
        var caller = Reader(http);
        var purpose = CustomerAccess.Purpose(http, caller);
        var page = PageQuery.Read(http.Request);
        var body = await JsonBody.Read<CustomerSearchRequest>(http.Request, ct);
        return Results.Ok(await records.Search(caller, Blank(body.Name), Blank(body.CustomerId), Blank(body.LogonId), purpose, page, ct));
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static async Task<IResult> Get(string recordId, HttpContext http, CustomerRecordReads records, CancellationToken ct)
    {
        var caller = Reader(http);
        return Results.Ok(await records.Get(caller, recordId, CustomerAccess.Purpose(http, caller), ct));
    }

    private static async Task<IResult> Amend(string recordId, HttpContext http, AmendCustomerRecord amend, CancellationToken ct)
    {
        var caller = Reader(http);
        var purpose = CustomerAccess.Purpose(http, caller);
        var body = await JsonBody.Read<CustomerAmendRequest>(http.Request, ct);
        return Results.Ok(await amend.Handle(caller, recordId, body.Changes ?? [], body.Reason?.Trim() ?? "", purpose, ct));
    }

    private static async Task<IResult> End(string recordId, HttpContext http, EndCustomerRelationship end, CancellationToken ct) =>
        Results.Ok(await end.Handle(Caller.From(http.User), recordId, ct));

    private static async Task<IResult> Log(string recordId, HttpContext http, CustomerRecordReads records, CancellationToken ct) =>
        Results.Ok(await records.AccessLog(Caller.From(http.User), recordId, PageQuery.Read(http.Request), ct));
}

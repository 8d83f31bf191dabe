using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Api;

/// <summary>A page of a list, as every list endpoint answers it: <c>{"object":"list","data":[…],"has_more":…}</c>.</summary>
public sealed record ListView<T>(string Object, IReadOnlyList<T> Data, bool HasMore)
{
    public static ListView<T> Of(IReadOnlyList<T> data, bool hasMore = false) => new("list", data, hasMore);
}

/// <summary>
/// The paging parameters every list takes (the convention of the best shipping and payment APIs):
/// <c>limit</c> (1–100, default 20), <c>starting_after</c> (the id of the last object of the previous
/// page), <c>ending_before</c> (the id of the first object of the next page, to page backwards), and
/// <c>created[gte]</c> / <c>created[lt]</c> (ISO 8601 instants) on lists whose objects have a creation time.
/// </summary>
public sealed record PageQuery(int Limit, string? StartingAfter, string? EndingBefore, DateTimeOffset? CreatedGte, DateTimeOffset? CreatedLt)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// <summary>The names of the paging parameters (the OpenAPI document lists them on every list operation).</summary>
    public static readonly string[] Parameters = ["limit", "starting_after", "ending_before", "created[gte]", "created[lt]"];

    public static readonly PageQuery First = new(DefaultLimit, null, null, null, null);

    /// <summary>Reads and checks the paging parameters; every bad one is reported at once, each with its <c>param</c>.</summary>
    public static PageQuery Read(HttpRequest request, int defaultLimit = DefaultLimit)
    {
        var errors = new ValidationErrors();
        var q = request.Query;
        var limit = defaultLimit;
        if (q.TryGetValue("limit", out var l) && !(int.TryParse(l.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= MaxLimit))
            errors.Add("limit_invalid", $"limit is a whole number from 1 to {MaxLimit}", "limit");
        var after = Id(q, "starting_after", errors);
        var before = Id(q, "ending_before", errors);
        if (after is not null && before is not null)
            errors.Add("cursor_conflict", "give starting_after or ending_before, not both", "ending_before");
        var gte = Instant(q, "created[gte]", errors);
        var lt = Instant(q, "created[lt]", errors);
        errors.ThrowIfAny();
        return new PageQuery(limit, after, before, gte, lt);
    }

    private static string? Id(IQueryCollection q, string name, ValidationErrors errors)
    {
        if (!q.TryGetValue(name, out var v)) return null;
        var id = v.ToString();
        if (id.Length is 0 or > 100 || id.Any(char.IsControl)) { errors.Add($"{name}_invalid", $"{name} is the id of an object of this list", name); return null; }
        return id;
    }

    private static DateTimeOffset? Instant(IQueryCollection q, string name, ValidationErrors errors)
    {
        if (!q.TryGetValue(name, out var v)) return null;
        var text = v.ToString();
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            && (text.Contains('T') || text.Length == 10))
            return at;
        errors.Add("created_invalid", $"{name} is an ISO 8601 instant such as 2026-12-01T00:00:00Z or a date such as 2026-12-01", name);
        return null;
    }
}

/// <summary>
/// How a list is ordered: by a sort key (a creation time, a sequence number, a due date) and then by
/// id, newest (largest key) first unless said otherwise. The cursor is always an object id: the page
/// continues after (or before) that object's key, so inserts between two calls never repeat or skip
/// an object already seen.
/// </summary>
public sealed record ListOrder<TRow, TKey>(
    Expression<Func<TRow, TKey>> Key, Expression<Func<TRow, string>> Id, bool Descending = true,
    Expression<Func<TRow, DateTimeOffset>>? Created = null);

/// <summary>Cursor pagination over a query (in SQL) or over a short list already in memory.</summary>
public static class Lists
{
    /// <summary>A list ordered by creation time, newest first.</summary>
    public static ListOrder<TRow, DateTimeOffset> NewestFirst<TRow>(Expression<Func<TRow, DateTimeOffset>> created, Expression<Func<TRow, string>> id) =>
        new(created, id, true, created);

    /// <summary>
    /// One page of <paramref name="query"/> (already limited to what the caller may see): <c>limit + 1</c>
    /// rows are read so <c>has_more</c> is true only when another object really follows.
    /// </summary>
    public static async Task<ListView<TView>> Page<TRow, TKey, TView>(IQueryable<TRow> query, PageQuery page, ListOrder<TRow, TKey> order,
        Func<TRow, TView> view, CancellationToken ct) where TRow : class
    {
        var rows = await Rows(query, page, order, ct);
        return ListView<TView>.Of(rows.Rows.Select(view).ToList(), rows.HasMore);
    }

    /// <summary>As <see cref="Page{TRow,TKey,TView}"/> for views that need more reads of their own.</summary>
    public static async Task<ListView<TView>> Page<TRow, TKey, TView>(IQueryable<TRow> query, PageQuery page, ListOrder<TRow, TKey> order,
        Func<TRow, Task<TView>> view, CancellationToken ct) where TRow : class
    {
        var rows = await Rows(query, page, order, ct);
        var views = new List<TView>(rows.Rows.Count);
        foreach (var row in rows.Rows) views.Add(await view(row));
        return ListView<TView>.Of(views, rows.HasMore);
    }

    /// <summary>The rows of one page, in the list's order.</summary>
    public static async Task<(IReadOnlyList<TRow> Rows, bool HasMore)> Rows<TRow, TKey>(IQueryable<TRow> query, PageQuery page, ListOrder<TRow, TKey> order,
        CancellationToken ct) where TRow : class
    {
        var backwards = page.EndingBefore is not null;
        if ((page.StartingAfter ?? page.EndingBefore) is { } cursorId)
        {
            // The cursor is looked up among the objects the caller may see: another caller's id is no cursor.
            var param = backwards ? "ending_before" : "starting_after";
            var idEquals = Expression.Lambda<Func<TRow, bool>>(Expression.Equal(order.Id.Body, Value(cursorId)), order.Id.Parameters);
            var keys = await query.Where(idEquals).Select(order.Key).Take(1).ToListAsync(ct);
            if (keys.Count == 0)
                throw ApiException.Invalid($"{param}_invalid", $"{param} '{cursorId}' is not an object of this list", param);
            // Rows after the cursor in the list's order, or (ending_before) before it.
            query = query.Where(Beyond(order, keys[0], cursorId, forward: !backwards));
        }
        query = Created(query, page, order.Created);
        var ascending = order.Descending == backwards;
        var ordered = ascending
            ? query.OrderBy(order.Key).ThenBy(order.Id)
            : query.OrderByDescending(order.Key).ThenByDescending(order.Id);
        var rows = await ordered.Take(page.Limit + 1).ToListAsync(ct);
        var hasMore = rows.Count > page.Limit;
        var result = rows.Take(page.Limit).ToList();
        if (backwards) result.Reverse();
        return (result, hasMore);
    }

    /// <summary>
    /// One page of a short list computed in memory (kept in the order given): the cursor is the
    /// position of the object with that id.
    /// </summary>
    public static ListView<T> Page<T>(IReadOnlyList<T> items, PageQuery page, Func<T, string> id, Func<T, DateTimeOffset>? created = null)
    {
        IEnumerable<T> all = items;
        if (created is not null)
        {
            if (page.CreatedGte is { } gte) all = all.Where(i => created(i) >= gte);
            if (page.CreatedLt is { } lt) all = all.Where(i => created(i) < lt);
        }
        else RefuseCreated(page);
        var list = all.ToList();
        var start = 0;
        var end = list.Count;
        if (page.StartingAfter is { } after) start = IndexOf(list, id, after, "starting_after") + 1;
        if (page.EndingBefore is { } before)
        {
            end = IndexOf(list, id, before, "ending_before");
            start = Math.Max(0, end - page.Limit);
            return ListView<T>.Of(list.GetRange(start, end - start), start > 0);
        }
        var count = Math.Min(page.Limit, list.Count - start);
        return ListView<T>.Of(list.GetRange(start, count), start + count < list.Count);
    }

    private static int IndexOf<T>(List<T> list, Func<T, string> id, string cursor, string param)
    {
        var index = list.FindIndex(i => id(i) == cursor);
        return index >= 0 ? index : throw ApiException.Invalid($"{param}_invalid", $"{param} '{cursor}' is not an object of this list", param);
    }

    private static IQueryable<TRow> Created<TRow>(IQueryable<TRow> query, PageQuery page, Expression<Func<TRow, DateTimeOffset>>? created)
    {
        if (created is null)
        {
            RefuseCreated(page);
            return query;
        }
        if (page.CreatedGte is { } gte) query = query.Where(Compare(created, ExpressionType.GreaterThanOrEqual, gte));
        if (page.CreatedLt is { } lt) query = query.Where(Compare(created, ExpressionType.LessThan, lt));
        return query;
    }

    private static void RefuseCreated(PageQuery page)
    {
        var errors = new ValidationErrors();
        if (page.CreatedGte is not null) errors.Add("created_filter_unsupported", "the objects of this list have no creation time to filter on", "created[gte]");
        if (page.CreatedLt is not null) errors.Add("created_filter_unsupported", "the objects of this list have no creation time to filter on", "created[lt]");
        errors.ThrowIfAny();
    }

    // key > k || (key == k && id > cursor) for forward pages of an ascending list (and mirrored).
    private static Expression<Func<TRow, bool>> Beyond<TRow, TKey>(ListOrder<TRow, TKey> order, TKey key, string cursorId, bool forward)
    {
        var p = order.Key.Parameters[0];
        var id = new Rebind(order.Id.Parameters[0], p).Visit(order.Id.Body);
        var greater = forward != order.Descending;
        var keyValue = Value(key);
        var idValue = Value(cursorId);
        var keyBeyond = greater ? Expression.GreaterThan(order.Key.Body, keyValue) : Expression.LessThan(order.Key.Body, keyValue);
        var compare = Expression.Call(typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!, id, idValue);
        var idBeyond = greater ? Expression.GreaterThan(compare, Expression.Constant(0)) : Expression.LessThan(compare, Expression.Constant(0));
        var body = Expression.OrElse(keyBeyond, Expression.AndAlso(Expression.Equal(order.Key.Body, keyValue), idBeyond));
        return Expression.Lambda<Func<TRow, bool>>(body, p);
    }

    private static Expression<Func<TRow, bool>> Compare<TRow>(Expression<Func<TRow, DateTimeOffset>> created, ExpressionType type, DateTimeOffset at) =>
        Expression.Lambda<Func<TRow, bool>>(Expression.MakeBinary(type, created.Body, Value(at)), created.Parameters);

    // A captured value (not a constant) so that EF sends it as a query parameter.
    private static MemberExpression Value<T>(T value) => Expression.Property(Expression.Constant(new Box<T>(value)), nameof(Box<T>.Value));

    private sealed record Box<T>(T Value);

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}

/// <summary>Marks a list endpoint: the OpenAPI document gives it the paging parameters, and the tests page through it.</summary>
public sealed record PagedListMetadata(bool HasCreated);

public static class PagedListEndpoints
{
    /// <summary>
    /// A list that pages by cursor (<see cref="PageQuery"/>): documents its answer and its 400, and marks it so that
    /// the OpenAPI document lists <c>limit</c>, <c>starting_after</c>, <c>ending_before</c> (and <c>created[gte]</c>,
    /// <c>created[lt]</c> when its objects have a creation time).
    /// </summary>
    public static RouteHandlerBuilder Paged<TView>(this RouteHandlerBuilder builder, bool created = true) =>
        builder.WithMetadata(new PagedListMetadata(created)).Produces<ListView<TView>>().ProducesProblem(StatusCodes.Status400BadRequest);
}

namespace Ibis.Server.Api;

/// <summary>A page of a list, as every list endpoint answers it: <c>{"object":"list","data":[…],"has_more":…}</c>.</summary>
public sealed record ListView<T>(string Object, IReadOnlyList<T> Data, bool HasMore)
{
    public static ListView<T> Of(IReadOnlyList<T> data, bool hasMore = false) => new("list", data, hasMore);
}

/// <summary>A whole list (no paging yet): <c>{"object":"list","data":[…]}</c>.</summary>
public sealed record ListOf<T>(string Object, IReadOnlyList<T> Data);

using System.Linq.Expressions;

namespace Ibis.Data;

/// <summary>
/// A lambda's body with its parameters replaced by other expressions: how one query's part (a standing's scalar
/// sub-queries, say) is written once and placed into several compiled queries, which EF Core can translate only
/// as one expression tree (it does not translate the invocation of a lambda).
/// </summary>
public static class Inline
{
    /// <summary>The body of <paramref name="lambda"/>, each parameter replaced by the argument in its position.</summary>
    public static Expression Body(LambdaExpression lambda, params Expression[] arguments) =>
        new Substitute(lambda.Parameters.Zip(arguments).ToDictionary(p => p.First, p => p.Second)).Visit(lambda.Body);

    private sealed class Substitute(Dictionary<ParameterExpression, Expression> map) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => map.TryGetValue(node, out var e) ? e : node;
    }
}

using System.Linq.Expressions;
using System.Reflection;

namespace Tracker.Api.Infrastructure.Data;

/// <summary>
/// A query rule written once as an expression with parameters (who may see a project, a response's projection) and
/// used inside other queries: <c>rule.Invoke(…)</c> marks the place, and <see cref="Inline{T}"/> puts the rule's body
/// there with the arguments in place of its parameters, before EF sees the tree. EF's compiled queries need this: they
/// take only scalar parameters and cannot call a method that builds part of the query, so without it each compiled
/// query would write the rule out again.
/// </summary>
public static class QueryRules
{
    public static TResult Invoke<T1, TResult>(this Expression<Func<T1, TResult>> rule, T1 a1) => throw NotInlined();

    public static TResult Invoke<T1, T2, TResult>(this Expression<Func<T1, T2, TResult>> rule, T1 a1, T2 a2) => throw NotInlined();

    public static TResult Invoke<T1, T2, T3, TResult>(
        this Expression<Func<T1, T2, T3, TResult>> rule, T1 a1, T2 a2, T3 a3) => throw NotInlined();

    public static TResult Invoke<T1, T2, T3, T4, TResult>(
        this Expression<Func<T1, T2, T3, T4, TResult>> rule, T1 a1, T2 a2, T3 a3, T4 a4) => throw NotInlined();

    public static TResult Invoke<T1, T2, T3, T4, T5, TResult>(
        this Expression<Func<T1, T2, T3, T4, T5, TResult>> rule, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5) => throw NotInlined();

    public static TResult Invoke<T1, T2, T3, T4, T5, T6, TResult>(
        this Expression<Func<T1, T2, T3, T4, T5, T6, TResult>> rule, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6) => throw NotInlined();

    public static TResult Invoke<T1, T2, T3, T4, T5, T6, T7, TResult>(
        this Expression<Func<T1, T2, T3, T4, T5, T6, T7, TResult>> rule, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7) => throw NotInlined();

    /// <summary>
    /// The query with every <c>Invoke</c> replaced by its rule's body (rules may invoke rules). <typeparamref name="T"/>
    /// is the compiled query's delegate type, which C# cannot infer from a lambda.
    /// </summary>
    public static Expression<T> Inline<T>(Expression<T> query) => (Expression<T>)new Inliner().Visit(query);

    /// <summary>The same for a predicate or projection of an ordinary LINQ query.</summary>
    public static Expression<Func<T, TResult>> Inline<T, TResult>(Expression<Func<T, TResult>> query) => Inline<Func<T, TResult>>(query);

    private static InvalidOperationException NotInlined() =>
        new("A rule's Invoke only marks where QueryRules.Inline puts the rule; it is never called.");

    private sealed class Inliner : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.DeclaringType != typeof(QueryRules)) return base.VisitMethodCall(node);
            var rule = (LambdaExpression)RuleOf(node.Arguments[0]);
            var arguments = node.Arguments.Skip(1).Select(Visit).ToList();
            var map = rule.Parameters.Zip(arguments, (p, a) => (p, a!)).ToDictionary(x => x.p, x => x.Item2);
            return Visit(new Substitution(map).Visit(rule.Body));
        }

        /// <summary>A rule is a static field (set before the query that inlines it), or a local the lambda captured.</summary>
        private static object RuleOf(Expression e) => e switch
        {
            MemberExpression { Expression: null, Member: FieldInfo field } => field.GetValue(null),
            MemberExpression { Expression: ConstantExpression closure, Member: FieldInfo field } => field.GetValue(closure.Value),
            _ => null,
        } ?? throw new InvalidOperationException($"A rule to inline must be a static field that is already set or a captured local: {e}.");
    }

    private sealed class Substitution(Dictionary<ParameterExpression, Expression> map) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => map.GetValueOrDefault(node, node);
    }
}

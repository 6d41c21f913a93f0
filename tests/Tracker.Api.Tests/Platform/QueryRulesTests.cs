using System.Linq.Expressions;
using Tracker.Api.Infrastructure.Data;

namespace Tracker.Api.Tests.Platform;

/// <summary>
/// QueryRules.Inline puts a rule's body where the query invokes it, so EF (and its compiled queries) never meets the
/// Invoke marker. The lists that use it are tested over HTTP; these pin the inliner itself.
/// </summary>
public class QueryRulesTests
{
    private static readonly Expression<Func<int, int, int, int>> Sum = (a, b, c) => a + b + c;
    private static readonly Expression<Func<int, int>> Twice = x => Sum.Invoke(x, x, 0);
    private static readonly Expression<Func<int, int, int, int>> NotYetSet = null!;

    [Fact]
    public void The_rule_body_replaces_the_marker_with_the_arguments_in_place()
    {
        var inlined = QueryRules.Inline((int x) => Sum.Invoke(x, 10, x * 2) + Twice.Invoke(x));
        Assert.Equal(3 + 10 + 6 + 6, inlined.Compile()(3));
        Assert.DoesNotContain("Invoke", inlined.ToString());
    }

    [Fact]
    public void A_captured_local_rule_is_inlined_too()
    {
        Expression<Func<int, int>> negate = x => -x;
        Assert.Equal(-4, QueryRules.Inline((int x) => negate.Invoke(x)).Compile()(4));
    }

    [Fact]
    public void The_marker_is_never_called()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Sum.Invoke(1, 2, 3));
        Assert.Contains("QueryRules.Inline", error.Message);
    }

    [Fact]
    public void A_rule_not_yet_set_is_named_rather_than_a_null_reference()
    {
        var error = Assert.Throws<InvalidOperationException>(() => QueryRules.Inline((int x) => NotYetSet.Invoke(x, x, x)));
        Assert.Contains(nameof(NotYetSet), error.Message);
    }
}

using NetArchTest.Rules;
using Tracker.Api.Domain;

namespace Tracker.Api.Tests.Architecture;

/// <summary>
/// Keeps the slices apart: a rule several slices use lives in Domain/, Infrastructure serves every slice and knows
/// none, and a slice reaches into another only where the allow-list below says why.
/// </summary>
public class LayerTests
{
    private const string Root = "Tracker.Api";
    private const string Features = Root + ".Features";
    private const string Infrastructure = Root + ".Infrastructure";
    private const string Domain = Root + ".Domain";

    /// <summary>Slice → slices it may use, each with the reason. Keep it short: a shared rule belongs in Domain/.</summary>
    private static readonly Dictionary<string, (string[] Uses, string Why)> Allowed = new()
    {
        ["Imports"] = (["Exports", "Webhooks"],
            "source=tracker reads the export's own format (Exports.ExportFormat) and gives imported webhooks a new secret and packed events (WebhookSigner, WebhookEvents)"),
    };

    /// <summary>
    /// The Domain rules that read a workspace's rows: they take the TrackerDbContext and the WorkspaceScope and answer
    /// 403/404/422 with ApiException, so they use Infrastructure (never Features). Entities and pure rules do not.
    /// </summary>
    private static readonly string[] DomainRulesOverData =
        [nameof(ProjectAccess), nameof(Invitations)];

    private static Types ApiTypes => Types.InAssembly(typeof(Member).Assembly);

    [Fact]
    public void Infrastructure_does_not_depend_on_features() =>
        AssertNone(ApiTypes.That().ResideInNamespace(Infrastructure).ShouldNot().HaveDependencyOn(Features).GetResult(),
            "Infrastructure uses Features");

    [Fact]
    public void Domain_does_not_depend_on_features() =>
        AssertNone(ApiTypes.That().ResideInNamespace(Domain).ShouldNot().HaveDependencyOn(Features).GetResult(),
            "Domain uses Features");

    [Fact]
    public void Domain_depends_on_infrastructure_only_in_the_listed_rules()
    {
        var result = ApiTypes.That().ResideInNamespace(Domain)
            .And().DoNotHaveName(DomainRulesOverData)
            .ShouldNot().HaveDependencyOn(Infrastructure).GetResult();
        // Nested compiler-made types (lambdas, async state machines) belong to their declaring rule.
        var failures = (result.FailingTypes ?? []).Where(t => !DomainRulesOverData.Contains(Outermost(t).Name)).ToList();
        Assert.True(failures.Count == 0, "Domain uses Infrastructure:\n" + string.Join("\n", failures.Select(t => t.FullName)));
        Assert.All(DomainRulesOverData, name => Assert.NotNull(typeof(Member).Assembly.GetType($"{Domain}.{name}")));
    }

    [Fact]
    public void A_slice_uses_another_slice_only_where_allowed()
    {
        var slices = FeatureSlices();
        Assert.Contains("Projects", slices); // the scan sees the slices, so this test can fail
        var failures = new List<string>();
        foreach (var slice in slices)
        {
            var allowed = Allowed.TryGetValue(slice, out var entry) ? entry.Uses : [];
            var others = slices.Where(s => s != slice && !allowed.Contains(s)).Select(s => $"{Features}.{s}").ToArray();
            var result = ApiTypes.That().ResideInNamespace($"{Features}.{slice}").ShouldNot().HaveDependencyOnAny(others).GetResult();
            if (!result.IsSuccessful) failures.AddRange(result.FailingTypeNames.Select(t => $"{t} (slice {slice})"));
        }
        Assert.True(failures.Count == 0, "Slices reach into other slices:\n" + string.Join("\n", failures));
    }

    [Fact]
    public void The_allow_list_names_real_slices()
    {
        var slices = FeatureSlices();
        Assert.All(Allowed, a => Assert.Subset(slices.ToHashSet(), a.Value.Uses.Append(a.Key).ToHashSet()));
    }

    private static Type Outermost(Type type) => type.DeclaringType is { } outer ? Outermost(outer) : type;

    private static string[] FeatureSlices() =>
        typeof(Member).Assembly.GetTypes()
            .Select(t => t.Namespace)
            .Where(n => n is not null && n.StartsWith(Features + ".", StringComparison.Ordinal))
            .Select(n => n![(Features.Length + 1)..].Split('.')[0])
            .Distinct().Order().ToArray();

    private static void AssertNone(TestResult result, string what) =>
        Assert.True(result.IsSuccessful, what + ":\n" + string.Join("\n", result.FailingTypeNames ?? []));
}

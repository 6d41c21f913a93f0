using Bunit;
using Tracker.Api.Features.App;
using Tracker.Api.Features.App.Components;

namespace Tracker.Api.Tests.Features.App.Components;

/// <summary>How a page shows the API's refusal: an alert with the message and the per-field lines.</summary>
public class ProblemNoteTests : BunitContext
{
    [Fact]
    public void No_problem_renders_nothing()
    {
        Assert.Equal("", Render<ProblemNote>(p => p.Add(c => c.Problem, null)).Markup.Trim());
    }

    [Fact]
    public void A_problem_is_an_alert_with_its_details_as_a_list()
    {
        var cut = Render<ProblemNote>(p => p.Add(c => c.Problem,
            new ApiProblem(422, "The given data was invalid.", ["Start is required.", "End must be after start."])));

        var alert = cut.Find("div.error");
        Assert.Equal("alert", alert.GetAttribute("role"));
        Assert.Equal("The given data was invalid.", cut.Find("p").TextContent);
        Assert.Equal(["Start is required.", "End must be after start."], cut.FindAll("li").Select(l => l.TextContent));
    }

    [Fact]
    public void A_problem_without_details_has_no_list_and_its_text_is_encoded()
    {
        var cut = Render<ProblemNote>(p => p.Add(c => c.Problem, new ApiProblem(403, "Not allowed: <img src=x onerror=alert(1)>", [])));

        Assert.Empty(cut.FindAll("ul"));
        Assert.Empty(cut.FindAll("img"));
        Assert.Equal("Not allowed: <img src=x onerror=alert(1)>", cut.Find("p").TextContent);
    }
}

namespace Tracker.Api.Domain;

/// <summary>The contract's role strings, spelled exactly as the API answers them.</summary>
public static class Roles
{
    public const string Owner = "Owner";
    public const string ExecutiveManager = "Executive manager";
    public const string TeamManager = "Team manager";
    public const string ProjectManager = "Project manager";
    public const string RegularUser = "Regular User";
    public const string ProjectViewer = "Project viewer";

    public static readonly string[] All = [Owner, ProjectViewer, ExecutiveManager, TeamManager, ProjectManager, RegularUser];

    /// <summary>Owners and Executive managers: they run the workspace and act for anyone.</summary>
    public static readonly string[] Admins = [Owner, ExecutiveManager];

    /// <summary>Everyone who manages work: the admins plus Team and Project managers (they write tasks).</summary>
    public static readonly string[] Managers = [Owner, ExecutiveManager, ProjectManager, TeamManager];

    /// <summary>The workspace's own people: every role but Project viewer (outside clients), e.g. for leaves and expenses.</summary>
    public static readonly string[] Staff = [Owner, ExecutiveManager, TeamManager, ProjectManager, RegularUser];

    /// <summary>Roles that invite/update may hand out: every role but Owner.</summary>
    public static readonly string[] Assignable = [RegularUser, ProjectManager, TeamManager, ExecutiveManager, ProjectViewer];

    public static bool IsAdmin(string role) => Admins.Contains(role);

    /// <summary>Input is matched case-insensitively and answered in the canonical spelling.</summary>
    public static string? Canonical(string? value, IEnumerable<string> allowed) =>
        value is null ? null : allowed.FirstOrDefault(r => string.Equals(r, value.Trim(), StringComparison.OrdinalIgnoreCase));
}

public static class MemberStatuses
{
    public const string Active = "active";
    public const string Inactive = "inactive";
    public const string Left = "left";
    public const string Unknown = "unknown";
    public static readonly string[] All = [Active, Inactive, Left, Unknown];
}

using System.Text.Json;
using System.Text.Json.Serialization;
using Tracker.Client;

namespace Tracker.Cli;

/// <summary>
/// What <c>tracker login</c> saves in <c>&lt;config folder&gt;/config.json</c> (mode 600 on Unix): the server, a PAT or
/// an OAuth token pair with its client, and the default workspace.
/// </summary>
public sealed class CliConfig
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string? Server { get; set; }
    public string? Token { get; set; }
    public long? WorkspaceId { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    [JsonPropertyName("oauth")]
    public OAuthToken? OAuth { get; set; }

    public static string PathIn(string folder) => Path.Combine(folder, "config.json");

    public static CliConfig Load(string folder)
    {
        var path = PathIn(folder);
        return File.Exists(path) ? JsonSerializer.Deserialize<CliConfig>(File.ReadAllText(path), Json) ?? new() : new();
    }

    public void Save(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = PathIn(folder);
        File.WriteAllText(path, JsonSerializer.Serialize(this, Json));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}

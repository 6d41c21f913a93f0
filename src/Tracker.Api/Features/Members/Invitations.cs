using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Tracker.Api.Domain;
using Tracker.Api.Features.Account;
using Tracker.Api.Infrastructure.Auth;

namespace Tracker.Api.Features.Members;

/// <summary>The <c>Invitations</c> configuration section.</summary>
public sealed class InvitationOptions
{
    /// <summary>How long an invitation link works.</summary>
    public int LifetimeDays { get; set; } = 7;
}

/// <summary>Issues invitation links (POST /members, POST /project-viewers and a viewer's restore); InvitationPages accepts them.</summary>
public sealed class Invitations(IOptions<InvitationOptions> options, IConfiguration config)
{
    /// <summary>Starts a fresh invitation on <paramref name="member"/> and returns its link, the only place the secret token is.</summary>
    public string Issue(Member member, string firstName, string lastName, DateTime now)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        member.Invite(PersonalAccessTokens.Hash(token), firstName, lastName, now, TimeSpan.FromDays(options.Value.LifetimeDays));
        return InvitationPages.LinkFor(config, token);
    }
}

public static class InvitationSetup
{
    public static IServiceCollection AddInvitations(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<InvitationOptions>().Bind(config.GetSection("Invitations"))
            .Validate(o => o.LifetimeDays is >= 1 and <= 365, "Invitations:LifetimeDays must be between 1 and 365.")
            .ValidateOnStart();
        return services.AddSingleton<Invitations>();
    }
}

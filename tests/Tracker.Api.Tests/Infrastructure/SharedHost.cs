namespace Tracker.Api.Tests.Infrastructure;

/// <summary>
/// Test classes that never move the clock and need no settings of their own share a server, instead of paying
/// ~2.5 s each to start one: mark the class <c>[Collection(SharedHost.Api)]</c> (or another collection here) and
/// take a <see cref="TrackerFactory"/>. Every test makes its own workspace, so tests never see each other's rows;
/// the classes of one collection run one after another, so a test may still count rows of the whole database.
/// A class that moves <see cref="TrackerFactory.Clock"/> or needs its own settings keeps <c>IClassFixture</c>.
/// There are a few collections, not one, so that they still run side by side.
/// </summary>
public static class SharedHost
{
    public const string Api = "Shared host: API features";
    public const string Account = "Shared host: accounts and platform";
    public const string Walkers = "Shared host: route-table walkers";
}

[CollectionDefinition(SharedHost.Api)]
public sealed class SharedApiHost : ICollectionFixture<TrackerFactory>;

[CollectionDefinition(SharedHost.Account)]
public sealed class SharedAccountHost : ICollectionFixture<TrackerFactory>;

[CollectionDefinition(SharedHost.Walkers)]
public sealed class SharedWalkerHost : ICollectionFixture<TrackerFactory>;

namespace Tracker.Client;

/// <summary>How a <see cref="TrackerClient"/> reaches the server and waits when told to slow down.</summary>
public sealed class TrackerClientOptions
{
    /// <summary>The innermost handler (the network by default). Tests pass the test server's handler.</summary>
    public HttpMessageHandler? InnerHandler { get; init; }
    /// <summary>How many times a 429 is retried before it surfaces as a <see cref="TrackerApiException"/>.</summary>
    public int MaxRetries { get; init; } = 3;
    /// <summary>The longest single wait honoured from <c>Retry-After</c> (the server's window is one minute).</summary>
    public TimeSpan MaxRetryWait { get; init; } = TimeSpan.FromSeconds(65);
    /// <summary>The wait before a retry; <see cref="Task.Delay(TimeSpan, TimeProvider, CancellationToken)"/> by default.</summary>
    public Func<TimeSpan, CancellationToken, Task>? Delay { get; init; }
    /// <summary>The clock an HTTP-date <c>Retry-After</c> is read against, and the default wait's timer.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}

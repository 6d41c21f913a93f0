namespace Tracker.Api.Domain;

/// <summary>
/// A row a list can sync (<c>updated_since</c>): <see cref="UpdatedAt"/> is stamped by the DbContext on every insert
/// and update (Infrastructure/Data/ChangeStamps), never by a handler.
/// </summary>
public interface ISynced
{
    DateTime UpdatedAt { get; set; }
}

/// <summary>
/// A row that was hard-deleted before sync existed: a delete now only sets <see cref="DeletedAt"/> (the tombstone a
/// sync returns), and a query filter hides it from every other read.
/// </summary>
public interface IKeptWhenDeleted : ISynced
{
    DateTime? DeletedAt { get; set; }
}

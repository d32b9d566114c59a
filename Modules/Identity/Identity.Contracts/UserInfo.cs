namespace ProductDescriber.Identity.Contracts;

/// <summary>A user as other modules see it. The GraphQL <c>User</c> type resolves from this record.</summary>
public sealed record UserInfo(long Id, string Username, string Email, string Role, bool IsActive, DateTimeOffset CreatedAt);
